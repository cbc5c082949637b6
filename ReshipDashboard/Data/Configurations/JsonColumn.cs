using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Data.Configurations;

/// <summary>Item lists (a reissue's, a request's) stored as one JSON column: they are read and written whole.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static readonly ValueConverter<List<LineItem>, string> LineItems = new(
        v => JsonSerializer.Serialize(v, Options),
        v => JsonSerializer.Deserialize<List<LineItem>>(v, Options) ?? new List<LineItem>());

    public static readonly ValueComparer<List<LineItem>> LineItemsComparer = new(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (h, i) => HashCode.Combine(h, i.GetHashCode())),
        v => v.ToList());
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// Keyset paging for the list endpoints: `limit` 1–100 (default 20) and an opaque `cursor` that names the
/// position after the last item returned (one or more numbers, e.g. the last id).
/// </summary>
public sealed record PageRequest(int Limit, IReadOnlyList<long>? After)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    private const string Version = "c1";

    /// <summary>Reads `limit` and `cursor` as sent; a bad value is refused with a 400 naming the field.</summary>
    public static PageRequest Parse(string? limit, string? cursor, int cursorParts = 1)
    {
        var size = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
            throw DomainException.Invalid("limit", "limit 须为 1–100 的整数");
        IReadOnlyList<long>? after = null;
        if (!string.IsNullOrWhiteSpace(cursor))
            after = Decode(cursor, cursorParts) ?? throw DomainException.Invalid("cursor", "cursor 无效，请使用上一页返回的 nextCursor");
        return new PageRequest(size, after);
    }

    /// <summary>
    /// The position of a "what changed" list (last changed time, then id), for cursors made by
    /// <see cref="EncodeChange"/>; a cursor whose numbers are out of range is refused like a malformed one.
    /// </summary>
    public (DateTime UpdatedAtUtc, int Id)? ChangePosition => After switch
    {
        null => null,
        [var ticks, var id] when ticks is >= 0 && ticks <= 3155378975999999999 && id is >= 0 and <= int.MaxValue =>
            (new DateTime(ticks, DateTimeKind.Utc), (int)id),
        _ => throw DomainException.Invalid("cursor", "cursor 无效，请使用上一页返回的 nextCursor"),
    };

    public static string EncodeChange(DateTime updatedAtUtc, int id) => Encode(updatedAtUtc.Ticks, id);

    public static string Encode(params long[] parts)
    {
        var text = Version + ":" + string.Join(':', parts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    private static long[]? Decode(string cursor, int parts)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor.Trim()));
            var pieces = text.Split(':');
            if (pieces.Length != parts + 1 || pieces[0] != Version) return null;
            var values = new long[parts];
            for (var i = 0; i < parts; i++)
                if (!long.TryParse(pieces[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i])) return null;
            return values;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A page of a list endpoint: `{items, nextCursor}`; nextCursor is null when nothing follows.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Pages
{
    /// <summary>
    /// Builds `{items, nextCursor}` from up to limit + 1 rows read: the extra row only tells that more follow.
    /// </summary>
    public static Page<TOut> From<TIn, TOut>(IReadOnlyList<TIn> rows, int limit, Func<TIn, TOut> map, Func<TIn, long[]> position)
    {
        var items = rows.Take(limit).ToList();
        var next = rows.Count > limit ? PageRequest.Encode(position(items[^1])) : null;
        return new Page<TOut>(items.Select(map).ToList(), next);
    }
}

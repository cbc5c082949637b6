using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Data.Tallies;

/// <summary>
/// What the reissues of a save are worth (<see cref="ReissueValue"/>): from the objects in memory where the save has
/// them (a new order with its lines, the replaced parcel), else from the database in three batched reads. Order
/// lines never change once the order exists, so a reissue's value is the same whenever it is worked out.
/// </summary>
internal static class ReissueValues
{
    public static async Task<Dictionary<ReissueOrder, ReissueValue>> ResolveAsync(ReshipDbContext db, IReadOnlyList<ReissueOrder> reissues,
        bool sync, CancellationToken cancellationToken)
    {
        var linesFromMemory = reissues.Where(r => r.Order is { Items.Count: > 0 }).ToHashSet(ReferenceEqualityComparer.Instance);
        var linesToRead = reissues.Where(r => !linesFromMemory.Contains(r)).Select(r => r.OrderId).Distinct().ToList();
        var parcelsToRead = reissues.Where(r => r.ReplacesShipment is null && r.ReplacesShipmentId is not null)
            .Select(r => r.ReplacesShipmentId!.Value).Distinct().ToList();
        var originalsToRead = reissues.Where(r => r.ReplacesShipmentId is null && OriginalInMemory(r) is null)
            .Select(r => r.OrderId).Distinct().ToList();

        var lines = linesToRead.Count == 0 ? [] : await Run(db.OrderItems.AsNoTracking().Where(i => linesToRead.Contains(i.OrderId))
            .OrderBy(i => i.Id).Select(i => new { i.OrderId, i.Sku, i.UnitPrice }), sync, cancellationToken);
        var parcels = parcelsToRead.Count == 0 ? [] : await Run(db.Shipments.AsNoTracking().Where(s => parcelsToRead.Contains(s.Id))
            .Select(s => new { s.Id, s.Carrier }), sync, cancellationToken);
        // Every parcel of the orders, the originals picked out here: with the kind in the query, SQLite walks the
        // index of kinds (every original parcel of the shop, a million at the large seed) instead of the orders' own.
        var originals = originalsToRead.Count == 0 ? [] : (await Run(db.Shipments.AsNoTracking()
            .Where(s => originalsToRead.Contains(s.OrderId))
            .Select(s => new { s.OrderId, s.Kind, s.Carrier }), sync, cancellationToken)).Where(s => s.Kind == ShipmentKind.Original).ToList();

        var linesByOrder = lines.ToLookup(l => l.OrderId, l => (l.Sku, l.UnitPrice));
        var parcelCarrier = parcels.ToDictionary(p => p.Id, p => p.Carrier);
        var originalCarrier = originals.GroupBy(o => o.OrderId).ToDictionary(g => g.Key, g => g.First().Carrier);

        var values = new Dictionary<ReissueOrder, ReissueValue>(ReferenceEqualityComparer.Instance);
        foreach (var r in reissues)
        {
            var origin = r.ReplacesShipment?.Carrier
                ?? (r.ReplacesShipmentId is { } id ? parcelCarrier.GetValueOrDefault(id) : OriginalInMemory(r) ?? originalCarrier.GetValueOrDefault(r.OrderId));
            var orderLines = linesFromMemory.Contains(r)
                ? InMemoryOrder(r.Order.Items).Select(i => (i.Sku, i.UnitPrice))
                : linesByOrder[r.OrderId];
            values[r] = ReissueValue.Of(origin, r.Items, orderLines);
        }
        return values;
    }

    /// <summary>The order's lines in the order they were written (by key once they have one).</summary>
    private static IEnumerable<OrderItem> InMemoryOrder(IReadOnlyList<OrderItem> items) =>
        items.All(i => i.Id > 0) ? items.OrderBy(i => i.Id) : items;

    private static string? OriginalInMemory(ReissueOrder r) =>
        r.Order?.Shipments.FirstOrDefault(s => s.Kind == ShipmentKind.Original)?.Carrier;

    private static async Task<List<T>> Run<T>(IQueryable<T> query, bool sync, CancellationToken cancellationToken) =>
        sync ? query.ToList() : await query.ToListAsync(cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Features.Warehouse.Orders;

/// <summary>
/// The items, parcels, after-sales and reissues of a page of orders for the API: one compiled statement per table by the
/// orders' keys, the keys sent as one parameter (<see cref="OneCollectionParameter"/>), each reading only the columns
/// the answer shows (<see cref="ListedOrder"/>), not whole rows (a reissue's items and address among them).
/// Not EF's collection includes: in one statement a page's joined rows would multiply, and split, each collection's
/// statement would join the page's orders again to find their rows.
/// One order alone is read in one statement (<see cref="OrderIntakeService.FindAsync"/>): a page's joined rows would
/// multiply, one order's are a handful.
/// </summary>
public static class WholeOrderRows
{
    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<ListedItem>>> Items = new(() =>
        EF.CompileAsyncQuery(OneCollectionParameter.For<ReshipDbContext, int[], IQueryable<ListedItem>>((db, ids) =>
            db.OrderItems.Where(i => ids.Contains(i.OrderId)).OrderBy(i => i.Id)
                .Select(i => new ListedItem(i.OrderId, i.Sku, i.Name, i.Quantity, i.UnitPrice)))));

    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<ListedShipment>>> Shipments = new(() =>
        EF.CompileAsyncQuery(OneCollectionParameter.For<ReshipDbContext, int[], IQueryable<ListedShipment>>((db, ids) =>
            db.Shipments.Where(s => ids.Contains(s.OrderId)).OrderBy(s => s.Id)
                .Select(s => new ListedShipment(s.OrderId, s.Id, s.Carrier, s.TrackingNo, s.Status, s.Kind, s.ReissueId, s.CreatedAtUtc, s.UpdatedAtUtc)))));

    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<ListedAfterSale>>> AfterSales = new(() =>
        EF.CompileAsyncQuery(OneCollectionParameter.For<ReshipDbContext, int[], IQueryable<ListedAfterSale>>((db, ids) =>
            db.AfterSales.Where(a => ids.Contains(a.OrderId)).OrderBy(a => a.Id)
                .Select(a => new ListedAfterSale(a.OrderId, a.Id, a.Type, a.Status, a.Reason, a.UpdatedAtUtc)))));

    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<ListedReissue>>> Reissues = new(() =>
        EF.CompileAsyncQuery(OneCollectionParameter.For<ReshipDbContext, int[], IQueryable<ListedReissue>>((db, ids) =>
            db.Reissues.Where(r => ids.Contains(r.OrderId)).OrderBy(r => r.Id)
                .Select(r => new ListedReissue(r.OrderId, r.Id, r.ReissueNo, r.Sequence, r.Source, r.Scenario, r.Status, r.Carrier,
                    r.TrackingNo, r.ReplacedParcelDelivered, r.CreatedAtUtc)))));

    /// <summary>Reads the items, parcels, after-sales and reissues of <paramref name="orders"/> (read without tracking, with their buyers), in their order.</summary>
    public static async Task<List<ListedOrder>> ReadAsync(ReshipDbContext db, List<Order> orders, CancellationToken cancellationToken)
    {
        if (orders.Count == 0) return [];
        var ids = orders.Select(o => o.Id).ToArray();
        var items = await ByOrderAsync(Items.For(db)(db, ids), i => i.OrderId, cancellationToken);
        var shipments = await ByOrderAsync(Shipments.For(db)(db, ids), s => s.OrderId, cancellationToken);
        var afterSales = await ByOrderAsync(AfterSales.For(db)(db, ids), a => a.OrderId, cancellationToken);
        var reissues = await ByOrderAsync(Reissues.For(db)(db, ids), r => r.OrderId, cancellationToken);
        return orders.Select(o => new ListedOrder(o, items.Of(o.Id), shipments.Of(o.Id), afterSales.Of(o.Id), reissues.Of(o.Id))).ToList();
    }

    private static async Task<Dictionary<int, List<TRow>>> ByOrderAsync<TRow>(IAsyncEnumerable<TRow> rows, Func<TRow, int> orderId,
        CancellationToken cancellationToken)
    {
        var byOrder = new Dictionary<int, List<TRow>>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (!byOrder.TryGetValue(orderId(row), out var list)) byOrder[orderId(row)] = list = [];
            list.Add(row);
        }
        return byOrder;
    }

    private static IReadOnlyList<TRow> Of<TRow>(this Dictionary<int, List<TRow>> byOrder, int orderId) =>
        byOrder.TryGetValue(orderId, out var rows) ? rows : [];
}

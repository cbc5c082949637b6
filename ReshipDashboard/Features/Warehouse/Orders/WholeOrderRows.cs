using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Features.Warehouse.Orders;

/// <summary>
/// The rows of whole orders read for the API (items, parcels, after-sales, reissues): one compiled statement per
/// table by the orders' keys, the keys sent as one parameter (<see cref="OneCollectionParameter"/>), each row added to
/// its order's collection through the model's accessor (a reissue's way back to its order is left unset, as the
/// readers of whole orders do not use it).
/// Not EF's collection includes: in one statement a page's joined rows would multiply, and split, each collection's
/// statement would join the page's orders again to find their rows.
/// One order alone is read in one statement (<see cref="OrderIntakeService.FindAsync"/>): a page's joined rows would
/// multiply, one order's are a handful.
/// </summary>
public static class WholeOrderRows
{
    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<OrderItem>>> Items = new(() =>
        EF.CompileAsyncQuery(OneCollectionParameter.For<ReshipDbContext, int[], IQueryable<OrderItem>>((db, ids) =>
            db.OrderItems.AsNoTracking().Where(i => ids.Contains(i.OrderId)).OrderBy(i => i.Id))));

    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<Shipment>>> Shipments = new(() =>
        EF.CompileAsyncQuery(OneCollectionParameter.For<ReshipDbContext, int[], IQueryable<Shipment>>((db, ids) =>
            db.Shipments.AsNoTracking().Where(s => ids.Contains(s.OrderId)).OrderBy(s => s.Id))));

    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<AfterSale>>> AfterSales = new(() =>
        EF.CompileAsyncQuery(OneCollectionParameter.For<ReshipDbContext, int[], IQueryable<AfterSale>>((db, ids) =>
            db.AfterSales.AsNoTracking().Where(a => ids.Contains(a.OrderId)).OrderBy(a => a.Id))));

    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<ReissueOrder>>> Reissues = new(() =>
        EF.CompileAsyncQuery(OneCollectionParameter.For<ReshipDbContext, int[], IQueryable<ReissueOrder>>((db, ids) =>
            db.Reissues.AsNoTracking().Where(r => ids.Contains(r.OrderId)).OrderBy(r => r.Id))));

    /// <summary>Reads the rows of <paramref name="orders"/> (read without tracking, with their buyers) into them.</summary>
    public static async Task<List<Order>> AddToAsync(ReshipDbContext db, List<Order> orders, CancellationToken cancellationToken)
    {
        if (orders.Count == 0) return orders;
        var byId = orders.ToDictionary(o => o.Id);
        var ids = orders.Select(o => o.Id).ToArray();
        var order = db.Model.FindEntityType(typeof(Order))!;
        await AddAsync(Items.For(db)(db, ids), order, nameof(Order.Items), i => i.OrderId, byId, cancellationToken);
        await AddAsync(Shipments.For(db)(db, ids), order, nameof(Order.Shipments), s => s.OrderId, byId, cancellationToken);
        await AddAsync(AfterSales.For(db)(db, ids), order, nameof(Order.AfterSales), a => a.OrderId, byId, cancellationToken);
        await AddAsync(Reissues.For(db)(db, ids), order, nameof(Order.Reissues), r => r.OrderId, byId, cancellationToken);
        return orders;
    }

    private static async Task AddAsync<TRow>(IAsyncEnumerable<TRow> rows, IEntityType order, string collection, Func<TRow, int> orderId,
        Dictionary<int, Order> byId, CancellationToken cancellationToken) where TRow : class
    {
        var navigation = order.FindNavigation(collection)!;
        var accessor = navigation.GetCollectionAccessor()!;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            accessor.Add(byId[orderId(row)], row, forMaterialization: true);
        }
    }
}

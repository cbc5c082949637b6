using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Features.Warehouse.Orders;

/// <summary>
/// The order lookups staff type all day (by order number, tracking number or phone tail), compiled once: EF skips
/// translating the query on every call. A first page that is not full is its own count, so a lookup that finds a
/// few orders sends one statement.
/// </summary>
internal static class OrderLookups
{
    /// <summary>A row of the list as the page shows it.</summary>
    public static readonly Expression<Func<Order, OrderRow>> Row = o => new OrderRow(
        o.Id, o.OrderNo, o.PaidAtUtc, o.Buyer.Name, Domain.Common.PhoneMask.Mask(o.Buyer.Phone),
        o.Address.Province + " " + o.Address.City + " " + o.Address.District,
        o.Status, o.Items.Sum(i => i.Quantity), o.Items.Sum(i => i.UnitPrice * i.Quantity), o.NeedsReissue, o.Reissues.Count(),
        o.Shipments.OrderByDescending(s => s.CreatedAtUtc).Select(s => s.TrackingNo).FirstOrDefault());

    private static readonly Compiled<Func<ReshipDbContext, string, int, int, IAsyncEnumerable<OrderRow>>> ByOrderNo = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, string value, int skip, int take) => db.Orders.AsNoTracking()
            .Where(o => o.OrderNo == value)
            .OrderByDescending(o => o.PaidAtUtc).ThenByDescending(o => o.Id).Skip(skip).Take(take).Select(Row)));

    private static readonly Compiled<Func<ReshipDbContext, string, int, int, IAsyncEnumerable<OrderRow>>> ByTrackingNo = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, string value, int skip, int take) => db.Orders.AsNoTracking()
            .Where(o => db.Shipments.Where(s => s.TrackingNo == value).Select(s => s.OrderId).Contains(o.Id))
            .OrderByDescending(o => o.PaidAtUtc).ThenByDescending(o => o.Id).Skip(skip).Take(take).Select(Row)));

    private static readonly Compiled<Func<ReshipDbContext, string, int, int, IAsyncEnumerable<OrderRow>>> ByPhoneLast4 = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, string value, int skip, int take) => db.Orders.AsNoTracking()
            .Where(o => db.Buyers.Where(b => b.PhoneLast4 == value).Select(b => b.Id).Contains(o.BuyerId))
            .OrderByDescending(o => o.PaidAtUtc).ThenByDescending(o => o.Id).Skip(skip).Take(take).Select(Row)));

    private static readonly Compiled<Func<ReshipDbContext, string, CancellationToken, Task<int>>> CountByOrderNo = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, string value, CancellationToken _) => db.Orders.Count(o => o.OrderNo == value)));

    private static readonly Compiled<Func<ReshipDbContext, string, CancellationToken, Task<int>>> CountByTrackingNo = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, string value, CancellationToken _) =>
            db.Orders.Count(o => db.Shipments.Where(s => s.TrackingNo == value).Select(s => s.OrderId).Contains(o.Id))));

    private static readonly Compiled<Func<ReshipDbContext, string, CancellationToken, Task<int>>> CountByPhoneLast4 = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, string value, CancellationToken _) =>
            db.Orders.Count(o => db.Buyers.Where(b => b.PhoneLast4 == value).Select(b => b.Id).Contains(o.BuyerId))));

    /// <summary>Whether <paramref name="kind"/> has a compiled lookup.</summary>
    public static bool Covers(OrderSearchKind kind) => kind is OrderSearchKind.OrderNo or OrderSearchKind.TrackingNo or OrderSearchKind.PhoneLast4;

    /// <summary>One page of the orders matching a lookup, newest paid first, and how many match in all.</summary>
    public static async Task<(List<OrderRow> Rows, int Total)> PageAsync(ReshipDbContext db, OrderSearchKind kind, string value,
        int page, int pageSize, CancellationToken cancellationToken)
    {
        var (rows, count) = kind switch
        {
            OrderSearchKind.OrderNo => (ByOrderNo, CountByOrderNo),
            OrderSearchKind.TrackingNo => (ByTrackingNo, CountByTrackingNo),
            OrderSearchKind.PhoneLast4 => (ByPhoneLast4, CountByPhoneLast4),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No compiled lookup"),
        };
        var list = new List<OrderRow>();
        await foreach (var row in rows.For(db)(db, value, page * pageSize, pageSize).WithCancellation(cancellationToken))
            list.Add(row);
        var total = page == 0 && list.Count < pageSize ? list.Count : await count.For(db)(db, value, cancellationToken);
        return (list, total);
    }
}

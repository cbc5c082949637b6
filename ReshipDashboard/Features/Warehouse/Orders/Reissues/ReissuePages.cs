using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>
/// The 补发订单 list's order and row, in one place for every query that reads it. Without a filter (how staff open
/// each tab all day) a page is a compiled query, one per sort and direction: EF skips translating the query and
/// reading its parameters out of the expression on every call, which is most of a small page's time.
/// </summary>
internal static class ReissuePages
{
    // The address part by part: projecting the complex property whole makes EF read every column of the reissue.
    public static readonly Expression<Func<ReissueOrder, ReissueRow>> Row = r => new ReissueRow(
        r.Id, r.ReissueNo, r.OrderNo, r.Sequence, r.Source, r.Scenario, r.Status, r.PreferredCarrier, r.Carrier, r.TrackingNo,
        r.CreatedAtUtc, r.ShipByUtc, r.ShippedAtUtc, r.UpdatedAtUtc, r.ReplacedParcelDelivered, r.WaybillError, r.ReshipRequestId, r.Version,
        EF.Property<List<LineItem>>(r, "_items"),
        new Address(r.Address.Name, r.Address.Phone, r.Address.Province, r.Address.City, r.Address.District, r.Address.Detail),
        r.Remark, r.PrintedAtUtc, r.NextWaybillAttemptAtUtc);

    private static readonly ConcurrentDictionary<(ReissueSort, bool), Compiled<Func<ReshipDbContext, ReissueStatus?, int, int, IAsyncEnumerable<ReissueRow>>>> Unfiltered = new();

    /// <summary>The sort key of each offered sort, and the key that breaks its ties (none where the first is unique).</summary>
    private static (LambdaExpression Key, LambdaExpression? Then) Keys(ReissueSort by) => by switch
    {
        ReissueSort.ShipBy => (Key(r => r.ShipByUtc), Key(r => r.Id)),
        ReissueSort.ReissueNo => (Key(r => r.ReissueNo), null),
        ReissueSort.OrderNo => (Key(r => r.OrderNo), Key(r => r.Sequence)),
        ReissueSort.Sequence => (Key(r => r.Sequence), Key(r => r.Id)),
        _ => (Key(r => r.CreatedAtUtc), Key(r => r.Id)),
    };

    private static Expression<Func<ReissueOrder, T>> Key<T>(Expression<Func<ReissueOrder, T>> key) => key;

    /// <summary>The reissues in the list's order.</summary>
    public static IQueryable<ReissueOrder> Sort(IQueryable<ReissueOrder> reissues, ReissueSort by, bool descending) =>
        reissues.Provider.CreateQuery<ReissueOrder>(Sort(reissues.Expression, by, descending));

    public static IQueryable<ReissueRow> Project(IQueryable<ReissueOrder> reissues) => reissues.Select(Row);

    /// <summary>One page of a tab (<paramref name="status"/>; null for 全部) without filters.</summary>
    public static async Task<List<ReissueRow>> UnfilteredPageAsync(ReshipDbContext db, ReissueStatus? status, ReissueSort by,
        bool descending, int skip, int take, CancellationToken cancellationToken)
    {
        var page = Unfiltered.GetOrAdd((by, descending), k => new(() => CompileUnfiltered(k.Item1, k.Item2))).For(db);
        var rows = new List<ReissueRow>(take);
        await foreach (var row in page(db, status, skip, take).WithCancellation(cancellationToken)) rows.Add(row);
        return rows;
    }

    private static Expression Sort(Expression source, ReissueSort by, bool descending)
    {
        var (key, then) = Keys(by);
        var sorted = Call(descending ? nameof(Queryable.OrderByDescending) : nameof(Queryable.OrderBy), key.ReturnType, source, Expression.Quote(key));
        return then is null ? sorted
            : Call(descending ? nameof(Queryable.ThenByDescending) : nameof(Queryable.ThenBy), then.ReturnType, sorted, Expression.Quote(then));
    }

    private static MethodCallExpression Call(string method, Type keyType, params Expression[] arguments) =>
        Expression.Call(typeof(Queryable), method, [typeof(ReissueOrder), keyType], arguments);

    private static Func<ReshipDbContext, ReissueStatus?, int, int, IAsyncEnumerable<ReissueRow>> CompileUnfiltered(ReissueSort by, bool descending)
    {
        Expression<Func<ReshipDbContext, ReissueStatus?, IQueryable<ReissueOrder>>> tab =
            (db, status) => db.Reissues.AsNoTracking().Where(r => status == null || r.Status == status);
        var skip = Expression.Parameter(typeof(int), "skip");
        var take = Expression.Parameter(typeof(int), "take");
        var body = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(ReissueOrder), typeof(ReissueRow)],
            Expression.Call(typeof(Queryable), nameof(Queryable.Take), [typeof(ReissueOrder)],
                Expression.Call(typeof(Queryable), nameof(Queryable.Skip), [typeof(ReissueOrder)], Sort(tab.Body, by, descending), skip),
                take),
            Expression.Quote(Row));
        var query = Expression.Lambda<Func<ReshipDbContext, ReissueStatus?, int, int, IQueryable<ReissueRow>>>(
            body, tab.Parameters[0], tab.Parameters[1], skip, take);
        return EF.CompileAsyncQuery(query);
    }
}

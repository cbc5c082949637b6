using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features.AfterSales;

/// <summary>
/// An after-sale with what it is linked to: its order's number, its reship request, the reissue its withdrawal or its
/// request made. One a reship request opened reads the request's description as it is now, not the copy taken at opening.
/// </summary>
public sealed record AfterSaleSnapshot(AfterSale AfterSale, string OrderNo, int? ReshipRequestId, int? ReissueId, string? RequestDescription = null)
{
    public string? Description => ReshipRequestId is null ? AfterSale.Description : RequestDescription;
}

public sealed record AfterSaleQuery(string? OrderNo, AfterSaleStatus? Status, DateTime? UpdatedSinceUtc);

/// <summary>
/// 售后 from the platform: opening one, the buyer withdrawing it — which, when the order's latest parcel was
/// stopped, makes the system reissue by itself (scenario 1) — and the reads integrations make.
/// </summary>
public sealed class AfterSaleService(
    IDbContextFactory<ReshipDbContext> factory,
    ShopClock clock,
    CurrentActor actor,
    ReissuePipeline pipeline,
    WaybillSignal waybill,
    IOptions<ShopSettings> settings)
{
    private readonly AccessGuard _guard = new(actor);

    /// <summary>
    /// Opens an after-sale of any type as the platform reports it. A `reship` after-sale opened here has no reship
    /// request behind it (the buyer's request opens its own), so it is withdrawn like any other.
    /// </summary>
    public async Task<AfterSaleSnapshot> OpenAsync(string orderNo, AfterSaleType type, string reason, string? description,
        CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.UtcNow;
        var key = OrderNumber.Normalise(orderNo);
        var order = await db.Orders.Include(o => o.AfterSales).FirstOrDefaultAsync(o => o.OrderNo == key, cancellationToken)
            ?? throw DomainException.NotFound("订单 {0} 不存在", key);
        var afterSale = order.OpenAfterSale(type, reason, description, now, actor.Actor);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new AfterSaleSnapshot(afterSale, order.OrderNo, null, null);
    }

    /// <summary>
    /// The buyer withdraws the after-sale. Scenario 1: when the order's latest parcel was intercepted or returned
    /// and nothing later is on its way, the system creates a reissue (source auto) in the same transaction; at the
    /// reissue limit it creates nothing and flags the order. Withdrawing again changes nothing.
    /// </summary>
    public async Task<AfterSaleSnapshot> WithdrawAsync(int id, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // SQLite takes the write lock here: two withdrawals at once run one after the other.
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.UtcNow;
        var afterSale = await db.AfterSales.FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw DomainException.NotFound("售后单 {0} 不存在", id);
        if (afterSale.Status == AfterSaleStatus.Withdrawn)
            return await SnapshotAsync(db, afterSale, cancellationToken);

        var order = await db.Orders.AsSplitQuery()
            .Include(o => o.Items)
            .Include(o => o.Shipments)
            .Include(o => o.Reissues)
            .FirstAsync(o => o.Id == afterSale.OrderId, cancellationToken);
        if (await db.ReshipRequests.AnyAsync(r => r.AfterSaleId == afterSale.Id, cancellationToken))
            throw DomainException.State("补寄售后请通过撤销补寄申请来撤销");
        order.WithdrawAfterSale(afterSale, now, actor.Actor);

        ReissueOrder? reissue = null;
        var check = order.CheckReissue(ReissueScenario.AfterSaleWithdrawn, settings.Value.MaxReissuesPerOrder);
        if (check is { Refusal: ReissueRefusal.AtLimit, Replaces: { } parcel })
        {
            order.FlagReissueLimit(now, afterSale, parcel);
        }
        else if (check.Allowed)
        {
            reissue = await pipeline.CreateAsync(db, order,
                new ReissueRequest(ReissueScenario.AfterSaleWithdrawn, ReissueSource.Auto, AfterSale: afterSale), Actor.System, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        if (reissue is { Status: ReissueStatus.AwaitingTracking }) waybill.Notify();
        return new AfterSaleSnapshot(afterSale, order.OrderNo, null, reissue?.Id);
    }

    public async Task<AfterSaleSnapshot?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var afterSale = await db.AfterSales.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return afterSale is null ? null : await SnapshotAsync(db, afterSale, cancellationToken);
    }

    /// <summary>After-sales in the order they last changed (then by id), after the position (<paramref name="afterUpdatedTicks"/>, <paramref name="afterId"/>).</summary>
    public async Task<List<AfterSaleSnapshot>> ListAsync(AfterSaleQuery query, long afterUpdatedTicks, long afterId, int take,
        CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = db.AfterSales.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.OrderNo))
        {
            var key = OrderNumber.Normalise(query.OrderNo);
            rows = rows.Where(a => db.Orders.Any(o => o.Id == a.OrderId && o.OrderNo == key));
        }
        if (query.Status is { } status) rows = rows.Where(a => a.Status == status);
        if (query.UpdatedSinceUtc is { } since) rows = rows.Where(a => a.UpdatedAtUtc >= since);
        if (afterUpdatedTicks > 0 || afterId > 0)
        {
            var after = new DateTime(afterUpdatedTicks, DateTimeKind.Utc);
            rows = rows.Where(a => a.UpdatedAtUtc > after || (a.UpdatedAtUtc == after && a.Id > afterId));
        }
        var page = await rows.OrderBy(a => a.UpdatedAtUtc).ThenBy(a => a.Id).Take(take)
            .Select(a => new
            {
                AfterSale = a,
                OrderNo = db.Orders.Where(o => o.Id == a.OrderId).Select(o => o.OrderNo).First(),
                ReissueId = db.Reissues.Where(r => r.AfterSaleId == a.Id).OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return await WithRequestsAsync(db, page.Select(p => new AfterSaleSnapshot(p.AfterSale, p.OrderNo, null, p.ReissueId)).ToList(), cancellationToken);
    }

    private static async Task<AfterSaleSnapshot> SnapshotAsync(ReshipDbContext db, AfterSale afterSale, CancellationToken cancellationToken)
    {
        var orderNo = await db.Orders.Where(o => o.Id == afterSale.OrderId).Select(o => o.OrderNo).FirstAsync(cancellationToken);
        var reissueId = await db.Reissues.Where(r => r.AfterSaleId == afterSale.Id).OrderByDescending(r => r.Id)
            .Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        return (await WithRequestsAsync(db, [new AfterSaleSnapshot(afterSale, orderNo, null, reissueId)], cancellationToken))[0];
    }

    /// <summary>Links the after-sales reship requests opened to their request: its id, its reissue, its description now.</summary>
    private static async Task<List<AfterSaleSnapshot>> WithRequestsAsync(ReshipDbContext db, List<AfterSaleSnapshot> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.AfterSale.Id).ToList();
        var requests = await db.ReshipRequests.Where(r => ids.Contains(r.AfterSaleId))
            .Select(r => new { r.AfterSaleId, r.Id, r.Description, ReissueId = db.Reissues.Where(x => x.ReshipRequestId == r.Id).Select(x => (int?)x.Id).FirstOrDefault() })
            .ToDictionaryAsync(r => r.AfterSaleId, cancellationToken);
        return rows.Select(s => requests.TryGetValue(s.AfterSale.Id, out var q)
            ? s with { ReshipRequestId = q.Id, ReissueId = s.ReissueId ?? q.ReissueId, RequestDescription = q.Description } : s).ToList();
    }
}

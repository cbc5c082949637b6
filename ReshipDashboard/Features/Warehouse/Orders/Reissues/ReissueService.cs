using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Data.Tallies;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>补发订单: the list with its tabs and filters, a reissue's timeline, and the actions on one reissue.</summary>
public sealed partial class ReissueService(
    IDbContextFactory<ReshipDbContext> factory,
    ReissuePipeline pipeline,
    ShopClock clock,
    WaybillSignal waybill,
    CurrentActor actor)
{
    public const int ExportLimit = 50_000;

    private readonly AccessGuard _guard = new(actor);

    public async Task<ReissueTabCounts> CountAsync(ReissueFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (IsUnfiltered(filter)) return await TabCountsAsync(db, cancellationToken);
        var counts = await Filter(db.Reissues.AsNoTracking().ApplyReportFilters(db, filter), filter)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new ReissueTabCounts(counts.ToDictionary(c => c.Key, c => c.Count));
    }

    public async Task<PagedResult<ReissueRow>> SearchAsync(ReissueQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var skip = Math.Max(0, query.Page) * pageSize;
        if (IsUnfiltered(query.Filter))
        {
            var total = (await TabCountsAsync(db, cancellationToken))[query.Status];
            var page = await ReissuePages.UnfilteredPageAsync(db, query.Status, query.SortBy, query.Descending, skip, pageSize, cancellationToken);
            return new PagedResult<ReissueRow>(page, total);
        }
        var reissues = Filter(db.Reissues.AsNoTracking().ApplyReportFilters(db, query.Filter), query.Filter);
        if (query.Status is { } status) reissues = reissues.Where(r => r.Status == status);
        var count = await reissues.CountAsync(cancellationToken);
        var rows = await Project(Sort(reissues, query.SortBy, query.Descending).Skip(skip).Take(pageSize)).ToListAsync(cancellationToken);
        return new PagedResult<ReissueRow>(rows, count);
    }

    /// <summary>Every row under the filters and tab, in the list's order (at most <see cref="ExportLimit"/>).</summary>
    public async Task<IReadOnlyList<ReissueRow>> ExportAsync(ReissueFilter filter, ReissueStatus? status, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var reissues = Filter(db.Reissues.AsNoTracking().ApplyReportFilters(db, filter), filter);
        if (status is { } s) reissues = reissues.Where(r => r.Status == s);
        return await Project(Sort(reissues, ReissueSort.CreatedAt, true).Take(ExportLimit)).ToListAsync(cancellationToken);
    }

    public async Task<ReissueRow?> GetRowAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await Project(db.Reissues.AsNoTracking().Where(r => r.Id == id)).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ReissueDetail?> GetDetailAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await Project(db.Reissues.AsNoTracking().Where(r => r.Id == id)).FirstOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        var reissue = await db.Reissues.AsNoTracking().Include(r => r.Shipment).ThenInclude(s => s!.Events)
            .FirstAsync(r => r.Id == id, cancellationToken);
        var audit = await db.ReadLinesAsync(db.AuditEntries
            .Where(a => a.EntityType == AuditSubjects.Reissue && a.EntityId == id)
            .OrderBy(a => a.AtUtc).ThenBy(a => a.Id), cancellationToken);
        var timeline = audit.Concat((reissue.Shipment?.Events ?? []).Where(e => e.Status != ShipmentStatus.Collected)
                .Select(e => new AuditLine(e.AtUtc, AuditLine.Courier, AuditSubjects.Shipment, reissue.Shipment!.Id,
                    e.Applied ? "courier_event" : "courier_event_stale", ToStatus: ApiWords.Of(e.Status)) { SubjectNo = reissue.Shipment.TrackingNo }))
            .OrderBy(t => t.AtUtc).ToList();
        return new ReissueDetail(row, reissue.Items, reissue.Address, reissue.Remark, reissue.CancelReason, timeline);
    }

    /// <summary>
    /// 填写物流单号 on a reissue awaiting its number, or 更正物流单号 on a shipped one (reason required; the old
    /// number is recorded and freed). The number already stored answers unchanged. With
    /// <paramref name="expectedVersion"/>, a reissue changed since it was read is refused as 已被他人处理.
    /// </summary>
    public async Task<TrackingOutcome> SetTrackingAsync(int id, string? carrier, string? trackingNo, string? reason,
        Guid? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.TrackingEdit);
        var (courier, number) = ReissuePipeline.ParseTracking(carrier, trackingNo);
        if (reason is { Length: > ReissueOrder.MaxNoteLength }) throw DomainException.Invalid("reason", "原因最多 {0} 个字", ReissueOrder.MaxNoteLength);
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var reissue = await db.Reissues.Include(r => r.Order).Include(r => r.Shipment).Include(r => r.ReshipRequest)
                .FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFound(id);
            EnsureVersion(reissue, expectedVersion);

            if (reissue.Status is ReissueStatus.Shipped or ReissueStatus.Delivered
                && reissue.TrackingNo == number && reissue.Carrier == courier.Code)
                return new TrackingOutcome(id, Changed: false);

            var now = clock.UtcNow;
            if (reissue.IsAwaitingNumber)
            {
                await ReissuePipeline.EnsureUnusedAsync(db, number, null, cancellationToken);
                pipeline.Ship(reissue, courier, number, actor.Actor, automatic: false);
            }
            else
            {
                if (reissue.Status is ReissueStatus.Shipped or ReissueStatus.Delivered && !string.IsNullOrWhiteSpace(reason))
                    await ReissuePipeline.EnsureUnusedAsync(db, number, reissue.Shipment?.Id, cancellationToken);
                reissue.CorrectTracking(courier, number, reason, now, actor.Actor);
            }
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return new TrackingOutcome(id, Changed: true);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw await TakenByOtherAsync(id, cancellationToken);
        }
        catch (DuplicateValueException)
        {
            throw DomainException.Conflict("物流单号 {0} 已被使用", number);
        }
    }

    /// <summary>Cancels a reissue before it ships; one that a reship request created is decided by that request.</summary>
    public async Task CancelAsync(int id, string? reason, Guid? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReissuesCancel);
        if (string.IsNullOrWhiteSpace(reason)) throw DomainException.Invalid("reason", "请填写取消原因");
        if (reason.Trim().Length > ReissueOrder.MaxNoteLength) throw DomainException.Invalid("reason", "原因最多 {0} 个字", ReissueOrder.MaxNoteLength);
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var reissue = await db.Reissues.Include(r => r.Order).ThenInclude(o => o.Shipments)
                .Include(r => r.Order).ThenInclude(o => o.Reissues)
                .AsSplitQuery()
                .FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFound(id);
            EnsureVersion(reissue, expectedVersion);
            var now = clock.UtcNow;
            reissue.Cancel(reason, now, by: actor.Actor);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw await TakenByOtherAsync(id, cancellationToken);
        }
    }

    /// <summary>重新获取单号: clears the e-waybill failure and wakes the dispatcher.</summary>
    public async Task RetryWaybillAsync(int id, Guid? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.TrackingEdit);
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var reissue = await db.Reissues.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFound(id);
            EnsureVersion(reissue, expectedVersion);
            reissue.RetryWaybill(clock.UtcNow, actor.Actor);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw await TakenByOtherAsync(id, cancellationToken);
        }
        waybill.Notify();
    }

    /// <summary>
    /// Reissues in the order they last changed (oldest first), after a position (<paramref name="after"/>) — the
    /// integration API's list, which an ERP reads with updatedSince and a cursor.
    /// </summary>
    public async Task<IReadOnlyList<ReissueRow>> ListChangedAsync(string? orderNo, ReissueStatus? status, DateTime? updatedSinceUtc,
        (DateTime UpdatedAtUtc, int Id)? after, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var q = db.Reissues.AsNoTracking();
        if (OrderNumber.Normalise(orderNo) is { Length: > 0 } number) q = q.Where(r => r.OrderNo == number);
        if (status is { } s) q = q.Where(r => r.Status == s);
        if (updatedSinceUtc is { } since) q = q.Where(r => r.UpdatedAtUtc >= since);
        if (after is { } a) q = q.Where(r => r.UpdatedAtUtc > a.UpdatedAtUtc || (r.UpdatedAtUtc == a.UpdatedAtUtc && r.Id > a.Id));
        return await Project(q.OrderBy(r => r.UpdatedAtUtc).ThenBy(r => r.Id).Take(take)).ToListAsync(cancellationToken);
    }

    private static DomainException NotFound(int id) => DomainException.NotFound("补发单 {0} 不存在", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static void EnsureVersion(ReissueOrder reissue, Guid? expected)
    {
        if (expected is { } v && v != reissue.Version)
            throw DomainException.ChangedByOthers(ApiWords.Of(reissue.Status));
    }

    private async Task<DomainException> TakenByOtherAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var status = await db.Reissues.AsNoTracking().Where(r => r.Id == id).Select(r => r.Status).FirstAsync(cancellationToken);
        return DomainException.ChangedByOthers(ApiWords.Of(status));
    }

    /// <summary>The tabs' counts without a filter: kept current by every save (tallies), not counted row by row.</summary>
    private static async Task<ReissueTabCounts> TabCountsAsync(ReshipDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.TallyCountsAsync(TallyNames.ReissueStatus, cancellationToken);
        return new ReissueTabCounts(Enum.GetValues<ReissueStatus>()
            .Select(s => (Status: s, Count: (int)counts.GetValueOrDefault(ApiWords.Of(s)))).Where(c => c.Count > 0)
            .ToDictionary(c => c.Status, c => c.Count));
    }

    /// <summary>No filter set (blank text counts as none); a filter added later is a difference from the default too.</summary>
    private static bool IsUnfiltered(ReissueFilter f) =>
        f with
        {
            OrderNo = Blank(f.OrderNo), TrackingNo = Blank(f.TrackingNo), Carrier = Blank(f.Carrier),
            Sku = Blank(f.Sku), Province = Blank(f.Province), OriginCarrier = Blank(f.OriginCarrier),
        } == new ReissueFilter();

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private IQueryable<ReissueOrder> Filter(IQueryable<ReissueOrder> reissues, ReissueFilter f)
    {
        if (OrderNumber.Normalise(f.OrderNo) is { Length: > 0 } orderNo)
        {
            var end = Prefix.End(orderNo);
            reissues = reissues.Where(r => string.Compare(r.OrderNo, orderNo) >= 0 && string.Compare(r.OrderNo, end) < 0);
        }
        if (TrackingNumber.Normalise(f.TrackingNo) is { Length: > 0 } tracking)
            reissues = reissues.Where(r => r.TrackingNo != null && r.TrackingNo.StartsWith(tracking));
        if (Courier.Find(f.Carrier) is { } courier)
            reissues = reissues.Where(r => r.Carrier == courier.Code || (r.Carrier == null && r.PreferredCarrier == courier.Code));
        if (f.WaybillFailed) reissues = reissues.Where(r => r.Status == ReissueStatus.AwaitingTracking && r.WaybillError != null);
        if (f.Source is { } source) reissues = reissues.Where(r => r.Source == source);
        if (f.Scenario is { } scenario) reissues = reissues.Where(r => r.Scenario == scenario);
        // Dates outside any shop's life (0001-01-01, 9999-12-31) filter nothing, and cannot overflow the time-zone conversion.
        if (f.CreatedFrom is { } from && from > EarliestFilterDate && from < LatestFilterDate)
        {
            var fromUtc = clock.StartOfDayUtc(from);
            reissues = reissues.Where(r => r.CreatedAtUtc >= fromUtc);
        }
        if (f.CreatedTo is { } to && to > EarliestFilterDate && to < LatestFilterDate)
        {
            var toUtc = clock.StartOfDayUtc(to.AddDays(1));
            reissues = reissues.Where(r => r.CreatedAtUtc < toUtc);
        }
        return reissues;
    }

    private static readonly DateOnly EarliestFilterDate = new(2000, 1, 1);
    private static readonly DateOnly LatestFilterDate = new(3000, 1, 1);

    private static IQueryable<ReissueOrder> Sort(IQueryable<ReissueOrder> q, ReissueSort by, bool descending) => ReissuePages.Sort(q, by, descending);

    private static IQueryable<ReissueRow> Project(IQueryable<ReissueOrder> q) => ReissuePages.Project(q);
}

/// <summary>What a tracking entry did: <see cref="Changed"/> is false when the number was already stored.</summary>
public sealed record TrackingOutcome(int ReissueId, bool Changed);

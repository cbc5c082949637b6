using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Data.Tallies;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>补寄申请 as people and ERPs read them: the support queue, one request in full, the API's list, and the change stamp.</summary>
public sealed class ReshipQueryService(IDbContextFactory<ReshipDbContext> factory, ShopClock clock, IOptions<ShopSettings> options)
{
    public async Task<ReshipRequestDetail?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var request = await db.ReshipRequests.AsNoTracking().AsSplitQuery()
            .Include(r => r.Order).ThenInclude(o => o.Buyer)
            .Include(r => r.Order).ThenInclude(o => o.Shipments)
            .Include(r => r.Revisions)
            .Include(r => r.Reissue)
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null) return null;
        var history = await db.ReadLinesAsync(db.AuditEntries
            .Where(a => (a.EntityType == AuditSubjects.ReshipRequest && a.EntityId == id)
                || (a.EntityType == AuditSubjects.AfterSale && a.EntityId == request.AfterSaleId))
            .OrderBy(a => a.AtUtc).ThenBy(a => a.Id), cancellationToken);
        var shipments = request.Order.Shipments.OrderBy(s => s.CreatedAtUtc).ThenBy(s => s.Id)
            .Select(s => new ReshipShipmentView(s.Id, s.Carrier, s.TrackingNo, s.Status, s.Kind, s.CreatedAtUtc)).ToList();
        var reissueId = request.Reissue?.Id;
        return new ReshipRequestDetail(
            request.Id, request.Order.OrderNo, request.AfterSaleId, request.Status, request.Reason, request.Description, request.Address,
            request.Items.ToList(), request.DueAtUtc, request.Revision, request.CreatedAtUtc, request.UpdatedAtUtc,
            request.RejectionReason, request.RejectionNote, request.RejectedAtUtc,
            reissueId, request.Reissue?.ReissueNo, request.Reissue?.Status, request.Version,
            reissueId is null ? [] : request.Order.Shipments.Where(s => s.ReissueId == reissueId).OrderBy(s => s.Id)
                .Select(s => new ReshipShipmentView(s.Id, s.Carrier, s.TrackingNo, s.Status, s.Kind, s.CreatedAtUtc)).ToList(),
            shipments,
            request.Revisions.OrderBy(v => v.Number).Select(v => new ReshipRevisionView(v.Number, v.Reason, v.Description, v.Address, v.Items.ToList(), v.AtUtc)).ToList(),
            history,
            request.Order.Buyer.Name, request.Order.Buyer.MaskedPhone);
    }

    /// <summary>The API's list: oldest change first, keyset-paged on (updatedAt, id) so an ERP polling with updatedSince misses nothing.</summary>
    public async Task<ReshipListPage> ListAsync(ReshipListQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var requests = db.ReshipRequests.AsNoTracking();
        if (query.Status is { } status) requests = requests.Where(r => r.Status == status);
        if (!string.IsNullOrEmpty(query.OrderNo)) requests = requests.Where(r => r.Order.OrderNo == query.OrderNo);
        if (query.UpdatedSinceUtc is { } since) requests = requests.Where(r => r.UpdatedAtUtc >= since);
        if (query.After is { } after)
            requests = requests.Where(r => r.UpdatedAtUtc > after.UpdatedAtUtc || (r.UpdatedAtUtc == after.UpdatedAtUtc && r.Id > after.Id));
        var rows = await requests.OrderBy(r => r.UpdatedAtUtc).ThenBy(r => r.Id).Take(query.Limit + 1).Select(Listed)
            .ToListAsync(cancellationToken);
        var page = rows.Take(query.Limit).Select(ToSummary).ToList();
        return new ReshipListPage(page, rows.Count > query.Limit ? (page[^1].UpdatedAtUtc, page[^1].Id) : null);
    }

    /// <summary>The latest change to any request (on the UpdatedAtUtc index and the key): a queue compares it before reloading.</summary>
    public async Task<ReshipChangeStamp> LastChangeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return new ReshipChangeStamp(
            await db.ReshipRequests.MaxAsync(r => (DateTime?)r.UpdatedAtUtc, cancellationToken),
            await db.ReshipRequests.MaxAsync(r => (int?)r.Id, cancellationToken));
    }

    /// <summary>The support queue: one status tab (pending by deadline, the rest latest first), counts per status, and rows to keep in place.</summary>
    public async Task<ReshipQueuePage> QueueAsync(ReshipQueueQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var filtered = db.ReshipRequests.AsNoTracking();
        var orderNo = OrderNumber.Normalise(query.OrderNo);
        if (orderNo.Length > 0) filtered = filtered.Where(r => r.Order.OrderNo.Contains(orderNo));
        if (query.Reason is { } reason) filtered = filtered.Where(r => r.Reason == reason);
        if (query.Sla is { } sla)
            filtered = ReshipSla.Apply(filtered, sla, clock.StartOfDayUtc(sla.From), clock.StartOfDayUtc(sla.To.AddDays(1)));

        // Unfiltered, the tab counts are the tallies every save keeps current; filtered, they are counted.
        var unfiltered = orderNo.Length == 0 && query.Reason is null && query.Sla is null;
        var counts = unfiltered
            ? (await db.TallyCountsAsync(TallyNames.RequestStatus, cancellationToken))
                .Select(c => (Ok: ApiWords.TryParse<ReshipStatus>(c.Key, out var s), Status: s, Count: (int)c.Value))
                .Where(c => c.Ok && c.Count > 0).ToDictionary(c => c.Status, c => c.Count)
            : (await filtered.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                .ToDictionary(x => x.Key, x => x.Count);
        var keep = query.KeepIds?.ToList() ?? [];
        // Without rows to keep the tab reads straight off its (status, sort) index.
        var rows = keep.Count == 0 ? filtered.Where(r => r.Status == query.Status) : filtered.Where(r => r.Status == query.Status || keep.Contains(r.Id));
        var total = keep.Count == 0 ? counts.GetValueOrDefault(query.Status) : await rows.CountAsync(cancellationToken);
        rows = query.Status == ReshipStatus.Pending
            ? rows.OrderBy(r => r.DueAtUtc).ThenBy(r => r.Id)
            : rows.OrderByDescending(r => r.UpdatedAtUtc).ThenByDescending(r => r.Id);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var skip = Math.Max(0, query.Page) * pageSize;
        List<ListedRequest> list;
        if (unfiltered && keep.Count == 0)
        {
            // A plain tab, as support opens it all day: compiled, so EF does not translate the query on every refresh.
            list = [];
            var page = (query.Status == ReshipStatus.Pending ? PendingTab : LatestFirstTab).For(db);
            await foreach (var request in page(db, query.Status, skip, pageSize).WithCancellation(cancellationToken)) list.Add(request);
        }
        else
        {
            list = await rows.Skip(skip).Take(pageSize).Select(Listed).ToListAsync(cancellationToken);
        }
        return new ReshipQueuePage(list.Select(ToSummary).ToList(), total, counts);
    }

    /// <summary>
    /// A request as a list reads it: its own row, and of its order, buyer and reissue only what a row shows, not their
    /// whole rows. <c>Request</c>'s <see cref="ReshipRequest.Order"/> and <see cref="ReshipRequest.Reissue"/> are
    /// not read: the merchant's actions on a request (<see cref="ReshipRequest.AllowedActions"/>) depend on the request alone.
    /// </summary>
    private sealed record ListedRequest(ReshipRequest Request, string OrderNo, string BuyerName, string BuyerPhone, int? ReissueId);

    private static readonly Expression<Func<ReshipRequest, ListedRequest>> Listed =
        r => new ListedRequest(r, r.Order.OrderNo, r.Order.Buyer.Name, r.Order.Buyer.Phone, r.Reissue != null ? r.Reissue.Id : null);

    private static readonly Compiled<Func<ReshipDbContext, ReshipStatus, int, int, IAsyncEnumerable<ListedRequest>>> PendingTab = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, ReshipStatus status, int skip, int take) => db.ReshipRequests.AsNoTracking()
            .Where(r => r.Status == status).OrderBy(r => r.DueAtUtc).ThenBy(r => r.Id).Skip(skip).Take(take).Select(Listed)));

    private static readonly Compiled<Func<ReshipDbContext, ReshipStatus, int, int, IAsyncEnumerable<ListedRequest>>> LatestFirstTab = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, ReshipStatus status, int skip, int take) => db.ReshipRequests.AsNoTracking()
            .Where(r => r.Status == status).OrderByDescending(r => r.UpdatedAtUtc).ThenByDescending(r => r.Id).Skip(skip).Take(take).Select(Listed)));

    private ReshipRequestSummary ToSummary(ListedRequest row) =>
        ToSummary(row.Request, row.OrderNo, row.BuyerName, row.BuyerPhone, row.ReissueId, clock.UtcNow, options.Value);

    /// <summary>A request read with its order, buyer and reissue, as a list shows it.</summary>
    internal static ReshipRequestSummary ToSummary(ReshipRequest r, DateTime nowUtc, ShopSettings settings) =>
        ToSummary(r, r.Order.OrderNo, r.Order.Buyer.Name, r.Order.Buyer.Phone, r.Reissue?.Id, nowUtc, settings);

    /// <summary>A request as lists show it, with what the merchant may do to it now (the queue's buttons ask nothing else).</summary>
    private static ReshipRequestSummary ToSummary(ReshipRequest r, string orderNo, string buyerName, string buyerPhone, int? reissueId,
        DateTime nowUtc, ShopSettings settings) => new(
        r.Id, orderNo, r.Status, r.Reason, r.Description, r.Address, r.Items.ToList(), r.DueAtUtc, r.Revision, reissueId,
        r.CreatedAtUtc, r.UpdatedAtUtc, BuyerMask.Name(buyerName), PhoneMask.Mask(buyerPhone), r.Version,
        [.. r.AllowedActions(ReshipActorKind.Merchant, nowUtc, settings)]);
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Data.Tallies;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>
/// 补寄申请: every action on a reship request, whoever asks (buyer via the platform, the merchant on the page
/// or through an ERP, the platform's ruling, the deadline job). Each action loads the request, lets the entity
/// decide, and writes the change, its audit entry and its feed events in one transaction; a stale writer loses
/// with 已被他人处理 and the status the winner left.
/// </summary>
public sealed class ReshipRequestService(
    IDbContextFactory<ReshipDbContext> factory,
    ReissuePipeline pipeline,
    WaybillSignal waybill,
    ReshipRequestChanges changes,
    CurrentActor current,
    ShopClock clock,
    IOptions<ShopSettings> options)
{
    private readonly AccessGuard _guard = new(current);

    private ShopSettings Settings => options.Value;

    public async Task<int> SubmitAsync(ReshipInput input, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        var orderNo = ValidateOnItsOwn(input);
        var actor = current.Actor;
        int id;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            await Catalog.ProductCatalogService.EnsureKnownSkusAsync(db, input.Items, cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var order = await db.Orders.AsSplitQuery().Include(o => o.Items).Include(o => o.Buyer).Include(o => o.Shipments)
                .FirstOrDefaultAsync(o => o.OrderNo == orderNo, cancellationToken)
                ?? throw DomainException.NotFound("未找到订单 {0}", orderNo);
            var content = new ReshipContent(input.Reason, input.Description, input.Address, order.ResolveItems(input.Items));
            ReshipRequest.Validate(content);
            // No parcel has gone out: there is nothing to send again, and an approval would ship a second parcel.
            if (order.Shipments.Count == 0) throw DomainException.State("订单尚未发货");

            var now = clock.UtcNow;
            var candidates = await db.ReshipRequests.Where(r => r.OrderId == order.Id
                    && r.Status != ReshipStatus.Completed && r.Status != ReshipStatus.Withdrawn && r.Status != ReshipStatus.Closed)
                .ToListAsync(cancellationToken);
            if (candidates.FirstOrDefault(r => r.IsOpen(now, Settings)) is { } open)
                throw DomainException.Conflict("订单 {0} 已有进行中的补寄申请（当前状态为{1}）", orderNo, ApiWords.Of(open.Status));

            var afterSale = order.OpenAfterSale(AfterSaleType.Reship, input.Reason.ChineseText(), content.Description, now);
            var request = new ReshipRequest(order, afterSale, content, now, Settings);
            db.ReshipRequests.Add(request);
            await db.SaveChangesAsync(cancellationToken);

            db.Audit(actor, now, AuditSubjects.AfterSale, afterSale.Id, order.Id, "opened", null, ApiWords.Of(afterSale.Status), ApiWords.Of(afterSale.Type));
            db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, order.Id, "submitted", null, ApiWords.Of(request.Status),
                $"第1版 {ApiWords.Of(request.Reason)}");
            db.Publish(now, "reship_request.submitted", Subject(request), new { reshipRequestId = request.Id, orderNo, afterSaleId = afterSale.Id });
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            id = request.Id;
        }
        changes.Raise(new ReshipChange(id, ReshipStatus.Pending));
        return id;
    }

    public async Task ModifyAsync(int id, ReshipInput input, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        var orderNo = ValidateOnItsOwn(input);
        await using (var check = await factory.CreateDbContextAsync(cancellationToken))
            await Catalog.ProductCatalogService.EnsureKnownSkusAsync(check, input.Items, cancellationToken);
        await ActAsync(id, null, async (db, request, now, actor) =>
        {
            if (request.Order.OrderNo != orderNo)
            {
                // An order that does not exist is a 404, like an unknown id; an existing but different one is a bad value.
                if (!await db.Orders.AnyAsync(o => o.OrderNo == orderNo, cancellationToken))
                    throw DomainException.NotFound("未找到订单 {0}", orderNo);
                throw DomainException.Invalid("orderNo", "订单号与补寄申请不符（申请属于订单 {0}）", request.Order.OrderNo);
            }
            var content = new ReshipContent(input.Reason, input.Description, input.Address, request.Order.ResolveItems(input.Items));
            var from = request.Status;
            request.Modify(content, now, Settings);
            db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, request.OrderId, "modified", ApiWords.Of(from), ApiWords.Of(request.Status),
                $"第{request.Revision}版 {ApiWords.Of(request.Reason)}");
            db.Publish(now, "reship_request.modified", Subject(request), new { reshipRequestId = request.Id, orderNo, revision = request.Revision });
        }, cancellationToken);
    }

    public Task WithdrawAsync(int id, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        return ActAsync(id, null, (db, request, now, actor) =>
        {
            var from = request.Status;
            request.Withdraw(now);
            db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, request.OrderId, "withdrawn", ApiWords.Of(from), ApiWords.Of(request.Status));
            RecordEnded(db, request, now, actor);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public Task EscalateAsync(int id, string? note, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        var text = CheckNote(note, "note");
        return ActAsync(id, null, (db, request, now, actor) =>
        {
            var from = request.Status;
            request.Escalate(now, Settings);
            RecordEscalated(db, request, from, now, actor, text);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public Task ConfirmReceiptAsync(int id, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        return ActAsync(id, null, (db, request, now, actor) =>
        {
            var from = request.Status;
            request.ConfirmReceipt(now);
            db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, request.OrderId, "receipt_confirmed", ApiWords.Of(from), ApiWords.Of(request.Status));
            RecordEnded(db, request, now, actor);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public Task DecideAsync(int id, PlatformOutcome outcome, string? note, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        if (!Enum.IsDefined(outcome)) throw DomainException.Invalid("outcome", "裁决结果只能是 buyer 或 merchant");
        var text = CheckNote(note, "note");
        return ActAsync(id, null, async (db, request, now, actor) =>
        {
            var from = request.Status;
            request.Decide(outcome, now);
            var atLimit = outcome == PlatformOutcome.Buyer && request.Order.ActiveReissueCount >= pipeline.MaxReissuesPerOrder;
            db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, request.OrderId, "platform_decided", ApiWords.Of(from), ApiWords.Of(request.Status),
                JoinNote(ApiWords.Of(outcome), atLimit
                    ? JoinNote(string.Format(CultureInfo.InvariantCulture, "订单已有 {0} 个补发单（上限），按平台裁决仍补发", request.Order.ActiveReissueCount), text)
                    : text));
            if (outcome == PlatformOutcome.Buyer) await CreateReissueAsync(db, request, now, actor, cancellationToken, overridesLimit: true);
            else RecordEnded(db, request, now, actor);
        }, cancellationToken);
    }

    /// <summary>The merchant agrees: the request is approved and its reissue created. <paramref name="expectedVersion"/> is the version the person saw.</summary>
    public Task ApproveAsync(int id, Guid? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReshipRequestsDecide);
        return ActAsync(id, expectedVersion, (db, request, now, actor) => ApproveCoreAsync(db, request, now, actor, null, cancellationToken), cancellationToken);
    }

    public Task RejectAsync(int id, RejectionReason reason, string? note, Guid? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReshipRequestsDecide);
        ReshipRequest.ValidateRejection(reason, note);
        return ActAsync(id, expectedVersion, (db, request, now, actor) =>
        {
            var from = request.Status;
            request.Reject(reason, note, now, actor);
            db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, request.OrderId, "rejected", ApiWords.Of(from), ApiWords.Of(request.Status),
                $"{ApiWords.Of(reason)} {request.RejectionNote}");
            db.Publish(now, "reship_request.rejected", Subject(request), new
            {
                reshipRequestId = request.Id, orderNo = request.Order.OrderNo, reasonCode = ApiWords.Of(reason), note = request.RejectionNote,
            });
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Approves each selected request on its own; one refusal does not stop the others.</summary>
    public async Task<IReadOnlyList<ReshipBulkResult>> BulkApproveAsync(IReadOnlyList<(int Id, Guid? Version)> selection, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReshipRequestsDecide);
        var results = new List<ReshipBulkResult>();
        foreach (var (id, version) in selection)
        {
            try
            {
                await ApproveAsync(id, version, cancellationToken);
                var after = await GetAsync(id, cancellationToken);
                results.Add(new ReshipBulkResult(id, after?.OrderNo ?? "", after?.Status ?? ReshipStatus.Approved, after?.ReissueNo, null));
            }
            catch (DomainException e)
            {
                var stored = await GetAsync(id, cancellationToken);
                results.Add(new ReshipBulkResult(id, stored?.OrderNo ?? "", stored?.Status ?? ReshipStatus.Pending, null, e));
            }
        }
        return results;
    }

    /// <summary>The deadline job's step for one request, as 系统: it re-checks the deadline inside the transaction it acts in.</summary>
    public Task RunDeadlineAsync(int id, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReshipRequestsDecide);
        return ActAsync(id, null, async (db, request, now, _) =>
        {
            var actor = Actor.System;
            var from = request.Status;
            if (request.IsAnswerOverdue(now))
            {
                if (Settings.OverdueReshipAction == OverdueReshipAction.AutoApprove
                    && request.Order.ActiveReissueCount < Settings.MaxReissuesPerOrder)
                {
                    await ApproveCoreAsync(db, request, now, actor, "超时自动同意", cancellationToken);
                }
                else
                {
                    request.Escalate(now, Settings);
                    RecordEscalated(db, request, from, now, actor,
                        Settings.OverdueReshipAction == OverdueReshipAction.AutoApprove ? "超时未处理，订单补发已达上限，转平台介入" : "超时未处理，自动申请平台介入");
                }
            }
            else if (request.IsRejectionExpired(now, Settings))
            {
                request.CloseExpiredRejection(now, Settings);
                db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, request.OrderId, "auto_closed", ApiWords.Of(from), ApiWords.Of(request.Status),
                    "拒绝后买家未在期限内申请平台介入");
                RecordEnded(db, request, now, actor);
            }
            else if (request.IsReceiptOverdue(now, Settings))
            {
                request.AutoComplete(now, Settings);
                db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, request.OrderId, "auto_completed", ApiWords.Of(from), ApiWords.Of(request.Status),
                    "买家超时未确认收货，自动完成");
                RecordEnded(db, request, now, actor);
            }
        }, cancellationToken);
    }

    /// <summary>Requests whose deadline has passed: pending past dueAt, rejections past the escalation window, shipped past auto-confirmation.</summary>
    public async Task<IReadOnlyList<int>> FindDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var rejectedBefore = now - Settings.EscalateAfterRejectionWithin;
        var shippedBefore = now - Settings.AutoConfirmReceiptAfter;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ReshipRequests.AsNoTracking()
            .Where(r => (r.Status == ReshipStatus.Pending && r.DueAtUtc <= now)
                || (r.Status == ReshipStatus.Rejected && r.RejectedAtUtc <= rejectedBefore)
                || (r.Status == ReshipStatus.Shipped && r.ShippedAtUtc <= shippedBefore))
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
    }

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
        var rows = await requests.Include(r => r.Order).ThenInclude(o => o.Buyer).Include(r => r.Reissue)
            .OrderBy(r => r.UpdatedAtUtc).ThenBy(r => r.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
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
        var list = await rows.Include(r => r.Order).ThenInclude(o => o.Buyer).Include(r => r.Reissue)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new ReshipQueuePage(list.Select(ToSummary).ToList(), total, counts);
    }

    private static ReshipRequestSummary ToSummary(ReshipRequest r) => new(
        r.Id, r.Order.OrderNo, r.Status, r.Reason, r.Description, r.Address, r.Items.ToList(), r.DueAtUtc, r.Revision, r.Reissue?.Id,
        r.CreatedAtUtc, r.UpdatedAtUtc, BuyerMask.Name(r.Order.Buyer.Name), r.Order.Buyer.MaskedPhone, r.Version);

    private async Task ApproveCoreAsync(ReshipDbContext db, ReshipRequest request, DateTime now, Actor actor, string? note, CancellationToken cancellationToken)
    {
        var from = request.Status;
        request.Approve(now, actor);
        db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, request.OrderId, "approved", ApiWords.Of(from), ApiWords.Of(request.Status), note);
        await CreateReissueAsync(db, request, now, actor, cancellationToken);
    }

    /// <summary>The linked reissue, through the shared pipeline, and the `reship_request.approved` event naming it.</summary>
    private async Task CreateReissueAsync(ReshipDbContext db, ReshipRequest request, DateTime now, Actor actor, CancellationToken cancellationToken,
        bool overridesLimit = false)
    {
        var items = request.Items.Select(i => new ItemQuantity(i.Sku, i.Quantity)).ToList();
        var reissue = await pipeline.CreateAsync(db, request.Order,
            new ReissueRequest(ReissueScenario.ReshipRequest, ReissueSource.ReshipRequest, items, request.Address, ReshipRequest: request),
            cancellationToken, overridesLimit);
        await db.SaveChangesAsync(cancellationToken);
        pipeline.RecordCreated(db, reissue, actor);
        db.Publish(now, "reship_request.approved", Subject(request), new
        {
            reshipRequestId = request.Id, orderNo = request.Order.OrderNo, reissueId = reissue.Id, reissue.ReissueNo,
        });
    }

    private static void RecordEscalated(ReshipDbContext db, ReshipRequest request, ReshipStatus from, DateTime now, Actor actor, string? note)
    {
        db.Audit(actor, now, AuditSubjects.ReshipRequest, request.Id, request.OrderId, "escalated", ApiWords.Of(from), ApiWords.Of(request.Status), note);
        db.Publish(now, "reship_request.escalated", Subject(request), new { reshipRequestId = request.Id, orderNo = request.Order.OrderNo, note });
    }

    /// <summary>A request that ended (completed, withdrawn, closed) closes its after-sale; both go to the feed.</summary>
    private static void RecordEnded(ReshipDbContext db, ReshipRequest request, DateTime now, Actor actor)
    {
        db.Publish(now, $"reship_request.{ApiWords.Of(request.Status)}", Subject(request), new
        {
            reshipRequestId = request.Id, orderNo = request.Order.OrderNo, status = ApiWords.Of(request.Status),
        });
        if (request.AfterSale.Close(now))
        {
            db.Audit(actor, now, AuditSubjects.AfterSale, request.AfterSaleId, request.OrderId, "closed",
                ApiWords.Of(AfterSaleStatus.Open), ApiWords.Of(request.AfterSale.Status), $"补寄申请 {request.Id} {ApiWords.Of(request.Status)}");
            db.Publish(now, "after_sale.closed", $"after_sale/{request.AfterSaleId}", new
            {
                afterSaleId = request.AfterSaleId, orderNo = request.Order.OrderNo, reshipRequestId = request.Id,
            });
        }
    }

    /// <summary>
    /// Loads the request with what every action needs inside the writing transaction, acts, saves and commits. A
    /// concurrent winner has committed before the load (the loser's action is refused by the request's state) or
    /// makes the save fail on the version token; the loser is told 已被他人处理 with the status now stored.
    /// </summary>
    private async Task ActAsync(int id, Guid? expectedVersion, Func<ReshipDbContext, ReshipRequest, DateTime, Actor, Task> act,
        CancellationToken cancellationToken)
    {
        var actor = current.Actor;
        ReshipStatus after;
        bool waitsForNumber;
        Guid? loaded = null;
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            // The transaction (SQLite's write lock, PostgreSQL's write lock) comes before the load: the split queries
            // then read one state, and a concurrent winner's reissue cannot appear between the request and its order's items.
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var request = await db.ReshipRequests.AsSplitQuery()
                .Include(r => r.Order).ThenInclude(o => o.Items)
                .Include(r => r.Order).ThenInclude(o => o.Shipments)
                .Include(r => r.Order).ThenInclude(o => o.Reissues)
                .Include(r => r.AfterSale)
                .Include(r => r.Reissue)
                .FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
                ?? throw DomainException.NotFound("未找到补寄申请 {0}", id);
            loaded = request.Version;
            if (expectedVersion is { } seen && seen != request.Version)
                throw DomainException.Conflict("已被他人处理，当前状态为{0}", ApiWords.Of(request.Status));

            await act(db, request, clock.UtcNow, actor);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            after = request.Status;
            waitsForNumber = request.Reissue is { Status: ReissueStatus.AwaitingTracking };
        }
        catch (DbUpdateException e)
        {
            // A concurrent winner shows as a stale version token, or as its reissue taking the order's next
            // sequence first (unique index): either way the stored request has moved on.
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var stored = await db.ReshipRequests.AsNoTracking().Where(r => r.Id == id)
                .Select(r => new { r.Status, r.Version }).FirstOrDefaultAsync(cancellationToken);
            if (e is not DbUpdateConcurrencyException && (stored is null || stored.Version == loaded)) throw;
            throw DomainException.Conflict("已被他人处理，当前状态为{0}", ApiWords.Of(stored?.Status ?? ReshipStatus.Pending));
        }
        changes.Raise(new ReshipChange(id, after));
        if (waitsForNumber) waybill.Notify();
    }

    /// <summary>Checks what is wrong on its own (API 400) before anything is looked up; returns the normalised order number.</summary>
    private static string ValidateOnItsOwn(ReshipInput input)
    {
        var orderNo = OrderNumber.Require(input.OrderNo);
        if (!Enum.IsDefined(input.Reason)) throw DomainException.Invalid("reason", "未知的补寄原因");
        if (input.Description is { Length: > ReshipRequest.MaxDescriptionLength })
            throw DomainException.Invalid("description", "申请说明最多 {0} 个字", ReshipRequest.MaxDescriptionLength);
        input.Address.EnsureValid();
        foreach (var item in input.Items ?? [])
        {
            if (string.IsNullOrWhiteSpace(item.Sku)) throw DomainException.Invalid("items", Domain.Catalog.Product.SkuRequiredMessage);
            if (item.Quantity <= 0) throw DomainException.Invalid("items", "数量必须大于 0（{0}）", item.Sku);
        }
        return orderNo;
    }

    private static string? CheckNote(string? note, string field)
    {
        if (string.IsNullOrWhiteSpace(note)) return null;
        var text = note.Trim();
        if (text.Length > ReshipRequest.MaxNoteLength) throw DomainException.Invalid(field, "说明最多 {0} 个字", ReshipRequest.MaxNoteLength);
        return text;
    }

    private static string JoinNote(string head, string? note) => note is null ? head : $"{head} {note}";

    private static string Subject(ReshipRequest request) => $"reship_request/{request.Id}";
}

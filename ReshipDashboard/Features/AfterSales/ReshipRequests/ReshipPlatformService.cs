using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>补寄申请 as the buyer acts on it through the platform (submit, modify, withdraw, escalate, confirm receipt), and the platform's ruling.</summary>
public sealed class ReshipPlatformService(
    IDbContextFactory<ReshipDbContext> factory,
    ReshipRequestWriter writer,
    ReissuePipeline pipeline,
    ReshipRequestChanges changes,
    CurrentActor current,
    ShopClock clock)
{
    private readonly AccessGuard _guard = new(current);

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
            // No parcel has gone out: there is nothing to send again, and an approval would ship a second parcel.
            if (order.Shipments.Count == 0) throw DomainException.State("订单尚未发货");

            var now = clock.UtcNow;
            var candidates = await db.ReshipRequests.Where(r => r.OrderId == order.Id && !ReshipRequest.Ended.Contains(r.Status))
                .ToListAsync(cancellationToken);
            if (candidates.FirstOrDefault(r => r.IsOpen(now, writer.Settings)) is { } open)
                throw DomainException.Conflict("订单 {0} 已有进行中的补寄申请（当前状态为{1}）", orderNo, ApiWords.Of(open.Status));

            var afterSale = order.OpenAfterSale(AfterSaleType.Reship, input.Reason.ChineseText(), content.Description, now);
            var request = new ReshipRequest(order, afterSale, content, now, writer.Settings, actor);
            db.ReshipRequests.Add(request);
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
        await writer.ActAsync(id, null, async (db, request, now, actor) =>
        {
            if (request.Order.OrderNo != orderNo)
            {
                // An order that does not exist is a 404, like an unknown id; an existing but different one is a bad value.
                if (!await db.Orders.AnyAsync(o => o.OrderNo == orderNo, cancellationToken))
                    throw DomainException.NotFound("未找到订单 {0}", orderNo);
                throw DomainException.Invalid("orderNo", "订单号与补寄申请不符（申请属于订单 {0}）", request.Order.OrderNo);
            }
            var content = new ReshipContent(input.Reason, input.Description, input.Address, request.Order.ResolveItems(input.Items));
            request.Modify(content, now, writer.Settings, actor);
        }, cancellationToken);
    }

    public Task WithdrawAsync(int id, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        return writer.ActAsync(id, null, (_, request, now, actor) =>
        {
            request.Withdraw(now, actor);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public Task EscalateAsync(int id, string? note, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        var text = ReshipRequestWriter.CheckNote(note, "note");
        return writer.ActAsync(id, null, (_, request, now, actor) =>
        {
            request.Escalate(now, writer.Settings, by: actor, note: text);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public Task ConfirmReceiptAsync(int id, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        return writer.ActAsync(id, null, (_, request, now, actor) =>
        {
            request.ConfirmReceipt(now, actor);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public Task DecideAsync(int id, PlatformOutcome outcome, string? note, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        if (!Enum.IsDefined(outcome)) throw DomainException.Invalid("outcome", "裁决结果只能是 buyer 或 merchant");
        var text = ReshipRequestWriter.CheckNote(note, "note");
        return writer.ActAsync(id, null, async (db, request, now, actor) =>
        {
            var atLimit = request.Order.CheckReissue(ReissueScenario.ReshipRequest, writer.Settings.MaxReissuesPerOrder).Refusal == ReissueRefusal.AtLimit
                ? string.Format(CultureInfo.InvariantCulture, "订单已有 {0} 个补发单（上限），按平台裁决仍补发", request.Order.ActiveReissueCount) : null;
            var note = JoinNote(ApiWords.Of(outcome), outcome == PlatformOutcome.Buyer && atLimit is not null ? JoinNote(atLimit, text) : text);
            var reissue = request.Decide(outcome, now, await pipeline.NextNumberAsync(db, now, cancellationToken), writer.Settings, actor, note);
            if (reissue is not null) await ReshipRequestWriter.SaveNewReissueAsync(db, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Checks what is wrong on its own (API 400) before anything is looked up; returns the normalised order number.</summary>
    private static string ValidateOnItsOwn(ReshipInput input)
    {
        var orderNo = OrderNumber.Require(input.OrderNo);
        ReshipRequest.Validate(input.Reason, input.Description, input.Address);
        foreach (var item in input.Items ?? [])
        {
            if (string.IsNullOrWhiteSpace(item.Sku)) throw DomainException.Invalid("items", Domain.Catalog.Product.SkuRequiredMessage);
            if (item.Quantity <= 0) throw DomainException.Invalid("items", "数量必须大于 0（{0}）", item.Sku);
        }
        return orderNo;
    }

    private static string JoinNote(string head, string? note) => note is null ? head : $"{head} {note}";
}

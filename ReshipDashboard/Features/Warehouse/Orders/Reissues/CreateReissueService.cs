using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>What the merchant (page) or the ERP (API) asks for when creating a reissue by hand.</summary>
public sealed record CreateReissueInput(
    string? OrderNo,
    ReissueScenario Scenario,
    IReadOnlyList<ItemQuantity>? Items = null,
    Address? Address = null,
    string? Carrier = null,
    string? Remark = null);

/// <summary>A reissue as both doors answer it after creation.</summary>
public sealed record CreatedReissue(
    int Id, string OrderNo, string ReissueNo, int Sequence, ReissueSource Source, ReissueScenario Scenario,
    ReissueStatus Status, string? Carrier, string? TrackingNo, int? ReshipRequestId, bool ReplacedParcelDelivered)
{
    /// <summary>Only the first reissue of an order gets its number automatically; later ones wait for staff.</summary>
    public bool GetsNumberAutomatically => Status == ReissueStatus.AwaitingTracking;
}

/// <summary>Whether a situation can be chosen for an order: the parcel it would replace, or why not.</summary>
public sealed record ScenarioOption(ReissueScenario Scenario, ShipmentView? Replaces, string? RefusalKey, object?[] RefusalArgs);

/// <summary>An order as the create page shows it, with what each situation would do.</summary>
public sealed record ReissueCandidate(OrderDetail Order, IReadOnlyList<ScenarioOption> Options);

/// <summary>
/// 创建补发单 for the page and for POST /api/v1/reissues: finds the order, checks the request in the API's order
/// (malformed → unknown order → quantities → state) and creates the reissue through <see cref="ReissuePipeline"/>.
/// </summary>
public sealed class CreateReissueService(
    IDbContextFactory<ReshipDbContext> factory,
    ReissuePipeline pipeline,
    WaybillSignal waybill,
    CurrentActor actor,
    IOptions<ShopSettings> settings)
{
    private readonly AccessGuard _guard = new(actor);

    public static readonly ReissueScenario[] ManualScenarios = [ReissueScenario.Intercepted, ReissueScenario.DamagedReturned];

    /// <summary>The order card and the situations open to it; throws NotFound / Invalid like <see cref="CreateAsync"/>.</summary>
    public async Task<ReissueCandidate> FindCandidateAsync(string? orderNo, CancellationToken cancellationToken = default)
    {
        var number = OrderNumber.Require(orderNo);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var order = await db.Orders.AsNoTracking().AsSplitQuery()
            .Include(o => o.Buyer).Include(o => o.Items)
            .Include(o => o.Shipments).ThenInclude(s => s.Events)
            .Include(o => o.AfterSales).Include(o => o.Reissues)
            .FirstOrDefaultAsync(o => o.OrderNo == number, cancellationToken)
            ?? throw DomainException.NotFound("未找到订单 {0}", number);
        var detail = OrderService.ToDetail(order);
        var options = ManualScenarios.Select(s => Option(order, detail, s)).ToList();
        return new ReissueCandidate(detail, options);
    }

    private ScenarioOption Option(Order order, OrderDetail detail, ReissueScenario scenario)
    {
        var check = order.CheckReissue(scenario, settings.Value.MaxReissuesPerOrder);
        return new(scenario, check is { Allowed: true, Replaces: { } parcel } ? detail.Shipments.First(s => s.Id == parcel.Id) : null, check.ReasonKey, check.ReasonArgs);
    }

    public async Task<CreatedReissue> CreateAsync(CreateReissueInput input, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReissuesCreate);
        var number = OrderNumber.Require(input.OrderNo);
        CheckOnItsOwn(input);

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        try
        {
            // SQLite takes the write lock at BEGIN: a second creation on the same order waits and then sees this one.
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await Catalog.ProductCatalogService.EnsureKnownSkusAsync(db, input.Items, cancellationToken);
            var order = await db.Orders.AsSplitQuery()
                .Include(o => o.Items).Include(o => o.Shipments).Include(o => o.Reissues)
                .FirstOrDefaultAsync(o => o.OrderNo == number, cancellationToken)
                ?? throw DomainException.NotFound("未找到订单 {0}", number);

            order.ResolveItems(input.Items); // quantity above what was ordered: 400 before any state refusal

            var request = new ReissueRequest(input.Scenario, ReissueSource.Manual, input.Items, input.Address,
                input.Carrier, input.Remark);
            var reissue = await pipeline.CreateAsync(db, order, request, actor.Actor, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);

            if (reissue.Status == ReissueStatus.AwaitingTracking) waybill.Notify();
            return ToCreated(reissue, order.OrderNo);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.ChangedByOthers();
        }
        catch (DuplicateValueException)
        {
            throw DomainException.ChangedByOthers();
        }
    }

    /// <summary>Values that are wrong on their own, refused before the order is looked up.</summary>
    private static void CheckOnItsOwn(CreateReissueInput input)
    {
        if (!ManualScenarios.Contains(input.Scenario))
            throw DomainException.Invalid("scenario", "请选择补发情形");
        if (!string.IsNullOrWhiteSpace(input.Carrier)) CourierChoice.Require(input.Carrier);
        input.Address?.EnsureValid();
        if (input.Remark is { Length: > ReissueOrder.MaxNoteLength }) throw DomainException.Invalid("remark", "备注最多 {0} 个字", ReissueOrder.MaxNoteLength);
        if (input.Items is { } items)
        {
            foreach (var item in items)
            {
                if (string.IsNullOrWhiteSpace(item.Sku)) throw DomainException.Invalid("items", Domain.Catalog.Product.SkuRequiredMessage);
                if (item.Quantity <= 0) throw DomainException.Invalid("items", "数量必须大于 0（{0}）", item.Sku);
            }
        }
    }

    public static CreatedReissue ToCreated(ReissueOrder r, string orderNo) => new(
        r.Id, orderNo, r.ReissueNo, r.Sequence, r.Source, r.Scenario, r.Status, r.Carrier, r.TrackingNo,
        r.ReshipRequestId, r.ReplacedParcelDelivered);
}

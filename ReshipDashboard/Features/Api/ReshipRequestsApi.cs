using Microsoft.AspNetCore.Http.HttpResults;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.AfterSales.ReshipRequests;

namespace ReshipDashboard.Features.Api;

/// <summary>补寄申请 of api.md: the buyer's actions (platform), the platform's ruling, the merchant's approve / reject (ERP).</summary>
public static class ReshipRequestsApi
{
    public static RouteGroupBuilder MapReshipRequestsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/reship-requests", SubmitReshipRequestAsync).RequireAuthorization(ApiScopes.Platform)
            .WithIdempotency<ReshipRequest>((_, r) => $"/api/v1/reship-requests/{r.Id}", sendsLocation: false).AddEndpointFilter(MaskPhonesAsync);
        api.MapGet("/reship-requests", ListReshipRequestsAsync).RequireAuthorization(ApiScopes.PlatformOrErp).AddEndpointFilter(MaskPhonesAsync);
        api.MapGet("/reship-requests/{id:int}", GetReshipRequestAsync).RequireAuthorization(ApiScopes.PlatformOrErp).AddEndpointFilter(MaskPhonesAsync);
        api.MapPut("/reship-requests/{id:int}", ModifyAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/reship-requests/{id:int}/withdraw", WithdrawAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/reship-requests/{id:int}/escalate", EscalateAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/reship-requests/{id:int}/confirm-receipt", ConfirmReceiptAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/platform/reship-requests/{id:int}/decision", DecideAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/merchant/reship-requests/{id:int}/approve", ApproveAsync).RequireAuthorization(ApiScopes.Erp).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/merchant/reship-requests/{id:int}/reject", RejectAsync).RequireAuthorization(ApiScopes.Erp).AddEndpointFilter(MaskPhonesAsync);
        return api;
    }

    /// <summary>The services every reship-request endpoint draws on.</summary>
    public sealed record ReshipRequestServices(ReshipPlatformService Platform, ReshipDecisionService Decisions, ReshipQueryService Queries,
        ShopClock Clock);

    /// <summary>The buyer's request as the platform sends it: the body of submit and of modify.</summary>
    public sealed record ReshipContentRequest(string? OrderNo, string? Reason, string? Description, AddressRequest? Address,
        List<ItemQuantityRequest?>? Items);

    public sealed record EscalateRequest(string? Note);

    public sealed record DecisionRequest(string? Outcome, string? Note);

    public sealed record RejectRequest(string? ReasonCode, string? Note);

    public sealed record ReshipShipmentResource(int Id, string Carrier, string TrackingNo, ShipmentStatus Status, ShipmentKind Kind, DateTimeOffset CreatedAt);

    public sealed record HistoryResource(DateTimeOffset At, string Actor, string Action, string? Note, string? FromStatus, string? ToStatus);

    public sealed record RevisionResource(int Revision, ReshipReason Reason, string? Description, AddressResource Address, IReadOnlyList<ItemResource> Items,
        DateTimeOffset At);

    public sealed record RejectionResource(RejectionReason? ReasonCode, string? Note, DateTimeOffset? At);

    public sealed record ReshipRequestResource(
        int Id, string OrderNo, ReshipStatus Status, ReshipReason Reason, string? Description, AddressResource Address, IReadOnlyList<ItemResource> Items,
        DateTimeOffset DueAt, int Revision, int? ReissueId, string? ReissueNo, ReissueStatus? ReissueStatus, int AfterSaleId,
        RejectionResource? Rejection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        IReadOnlyList<ReshipShipmentResource> Shipments, IReadOnlyList<RevisionResource> Revisions, IReadOnlyList<HistoryResource> History)
    {
        public static ReshipRequestResource From(ReshipRequestDetail d, ShopClock clock) => new(
            d.Id, d.OrderNo, d.Status, d.Reason, d.Description, AddressResource.From(d.Address), ItemResource.From(d.Items),
            clock.ToShop(d.DueAtUtc), d.Revision, d.ReissueId, d.ReissueNo, d.ReissueStatus, d.AfterSaleId,
            d.RejectionReason is null ? null : new RejectionResource(d.RejectionReason, d.RejectionNote, clock.ToShop(d.RejectedAtUtc)),
            clock.ToShop(d.CreatedAtUtc), clock.ToShop(d.UpdatedAtUtc),
            d.Shipments.Select(s => new ReshipShipmentResource(s.Id, s.Carrier, s.TrackingNo, s.Status, s.Kind, clock.ToShop(s.CreatedAtUtc))).ToList(),
            d.Revisions.Select(v => new RevisionResource(v.Number, v.Reason, v.Description, AddressResource.From(v.Address), ItemResource.From(v.Items),
                clock.ToShop(v.AtUtc))).ToList(),
            d.History.Select(h => new HistoryResource(clock.ToShop(h.AtUtc), h.Actor.ToString(),
                h.Subject == AuditSubjects.AfterSale ? "after_sale_" + h.Action : h.Action, h.Note, h.FromStatus, h.ToStatus)).ToList());
    }

    /// <summary>A request as the list shows it.</summary>
    public sealed record ReshipSummaryResource(
        int Id, string OrderNo, ReshipStatus Status, ReshipReason Reason, string? Description, AddressResource Address, IReadOnlyList<ItemResource> Items,
        DateTimeOffset DueAt, int Revision, int? ReissueId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static ReshipSummaryResource From(ReshipRequestSummary s, ShopClock clock) => new(
            s.Id, s.OrderNo, s.Status, s.Reason, s.Description, AddressResource.From(s.Address), ItemResource.From(s.Items), clock.ToShop(s.DueAtUtc),
            s.Revision, s.ReissueId, clock.ToShop(s.CreatedAtUtc), clock.ToShop(s.UpdatedAtUtc));
    }

    public static async Task<Created<ReshipRequestResource>> SubmitReshipRequestAsync(ReshipContentRequest body,
        [AsParameters] ReshipRequestServices services, CancellationToken ct)
    {
        var id = await services.Platform.SubmitAsync(ToInput(body), ct);
        // No Location header: the contract names none for a new reship request.
        return TypedResults.Created((string?)null, await ReadAsync(id, services, ct));
    }

    public static async Task<Results<Ok<Page<ReshipSummaryResource>>, ApiProblem>> ListReshipRequestsAsync(string? status, string? orderNo,
        string? updatedSince, string? limit, string? cursor, ReshipQueryService queries, ShopClock clock, ApiProblemWriter problems,
        CancellationToken ct)
    {
        ReshipStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!ApiWords.TryParse<ReshipStatus>(status, out var s)) return problems.Validation("status", "未知的状态：{0}", status);
            statusFilter = s;
        }
        var errors = new ApiInputErrors();
        var since = errors.Time("updatedSince", updatedSince);
        if (errors.ToProblem(problems) is { } problem) return problem;
        var paging = PageRequest.Parse(limit, cursor, cursorParts: 2);
        var (size, after) = (paging.Limit, paging.ChangePosition);
        var number = string.IsNullOrEmpty(orderNo) ? null : OrderNumber.Normalise(orderNo);
        var page = await queries.ListAsync(new ReshipListQuery(statusFilter, number, since, size, after), ct);
        return TypedResults.Ok(new Page<ReshipSummaryResource>(page.Items.Select(i => ReshipSummaryResource.From(i, clock)).ToList(),
            page.Next is { } next ? PageRequest.EncodeChange(next.UpdatedAtUtc, next.Id) : null));
    }

    public static async Task<Results<Ok<ReshipRequestResource>, ApiProblem>> GetReshipRequestAsync(int id, ReshipQueryService queries, ShopClock clock,
        ApiProblemWriter problems, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } detail
            ? TypedResults.Ok(ReshipRequestResource.From(detail, clock))
            : problems.NotFound("未找到补寄申请 {0}", id);

    public static async Task<Ok<ReshipRequestResource>> ModifyAsync(int id, ReshipContentRequest body, [AsParameters] ReshipRequestServices services,
        CancellationToken ct)
    {
        await services.Platform.ModifyAsync(id, ToInput(body), ct);
        return TypedResults.Ok(await ReadAsync(id, services, ct));
    }

    public static async Task<Ok<ReshipRequestResource>> WithdrawAsync(int id, [AsParameters] ReshipRequestServices services, CancellationToken ct)
    {
        await services.Platform.WithdrawAsync(id, ct);
        return TypedResults.Ok(await ReadAsync(id, services, ct));
    }

    public static async Task<Ok<ReshipRequestResource>> EscalateAsync(int id, EscalateRequest? body, [AsParameters] ReshipRequestServices services,
        CancellationToken ct)
    {
        await services.Platform.EscalateAsync(id, body?.Note, ct);
        return TypedResults.Ok(await ReadAsync(id, services, ct));
    }

    public static async Task<Ok<ReshipRequestResource>> ConfirmReceiptAsync(int id, [AsParameters] ReshipRequestServices services, CancellationToken ct)
    {
        await services.Platform.ConfirmReceiptAsync(id, ct);
        return TypedResults.Ok(await ReadAsync(id, services, ct));
    }

    public static async Task<Ok<ReshipRequestResource>> DecideAsync(int id, DecisionRequest body, [AsParameters] ReshipRequestServices services,
        CancellationToken ct)
    {
        if (!ApiWords.TryParse<PlatformOutcome>(body.Outcome, out var outcome))
            throw DomainException.Invalid("outcome", "裁决结果只能是 buyer 或 merchant");
        await services.Platform.DecideAsync(id, outcome, body.Note, ct);
        return TypedResults.Ok(await ReadAsync(id, services, ct));
    }

    public static async Task<Ok<ReshipRequestResource>> ApproveAsync(int id, [AsParameters] ReshipRequestServices services, CancellationToken ct)
    {
        await services.Decisions.ApproveAsync(id, null, ct);
        return TypedResults.Ok(await ReadAsync(id, services, ct));
    }

    public static async Task<Ok<ReshipRequestResource>> RejectAsync(int id, RejectRequest body, [AsParameters] ReshipRequestServices services,
        CancellationToken ct)
    {
        if (!ApiWords.TryParse<RejectionReason>(body.ReasonCode, out var reason))
            throw DomainException.Invalid("reasonCode", "请选择拒绝原因");
        await services.Decisions.RejectAsync(id, reason, body.Note, null, ct);
        return TypedResults.Ok(await ReadAsync(id, services, ct));
    }

    /// <summary>
    /// The access table gives the full phone to keys that ship (erp); every other caller — the platform included —
    /// gets it masked (138****5678), in the request, its revisions and the list.
    /// </summary>
    private static async ValueTask<object?> MaskPhonesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var guard = context.HttpContext.RequestServices.GetRequiredService<AccessGuard>();
        var answer = result is INestedHttpResult nested ? nested.Result : result;
        if (guard.Allows(Permission.ShippingContact) || answer is not IValueHttpResult { Value: { } value } || answer is not IStatusCodeHttpResult status)
            return result;
        object? masked = value switch
        {
            ReshipRequestResource r => r with { Address = Mask(r.Address), Revisions = r.Revisions.Select(v => v with { Address = Mask(v.Address) }).ToList() },
            Page<ReshipSummaryResource> l => l with { Items = l.Items.Select(i => i with { Address = Mask(i.Address) }).ToList() },
            _ => null,
        };
        return masked is null ? result : Results.Json(masked, ApiJson.Options, statusCode: status.StatusCode);
    }

    private static AddressResource Mask(AddressResource a) => a with { Phone = PhoneMask.Mask(a.Phone) };

    private static async Task<ReshipRequestResource> ReadAsync(int id, ReshipRequestServices services, CancellationToken ct) =>
        ReshipRequestResource.From((await services.Queries.GetAsync(id, ct))!, services.Clock);

    private static ReshipInput ToInput(ReshipContentRequest body)
    {
        if (string.IsNullOrWhiteSpace(body.OrderNo)) throw DomainException.Invalid("orderNo", "请填写订单号");
        if (!ApiWords.TryParse<ReshipReason>(body.Reason, out var reason)) throw DomainException.Invalid("reason", "未知的补寄原因");
        if (body.Address is not { } address) throw DomainException.Invalid("address", "请填写收货地址");
        return new ReshipInput(body.OrderNo, reason, body.Description, address.ToAddress(), ItemQuantityRequest.ToItems(body.Items));
    }
}

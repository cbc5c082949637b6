using System.Globalization;
using System.Text;
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
        api.MapPost("/reship-requests", SubmitAsync).RequireAuthorization(ApiScopes.Platform).WithIdempotency<ReshipRequest>((_, r) => $"/api/v1/reship-requests/{r.Id}", sendsLocation: false)
            .AddEndpointFilter(MaskPhonesAsync);
        api.MapGet("/reship-requests", ListAsync).RequireAuthorization("platform-or-erp").AddEndpointFilter(MaskPhonesAsync);
        api.MapGet("/reship-requests/{id:int}", GetAsync).RequireAuthorization("platform-or-erp").AddEndpointFilter(MaskPhonesAsync);
        api.MapPut("/reship-requests/{id:int}", ModifyAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/reship-requests/{id:int}/withdraw", WithdrawAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/reship-requests/{id:int}/escalate", EscalateAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/reship-requests/{id:int}/confirm-receipt", ConfirmReceiptAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/platform/reship-requests/{id:int}/decision", DecideAsync).RequireAuthorization(ApiScopes.Platform).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/merchant/reship-requests/{id:int}/approve", ApproveAsync).RequireAuthorization(ApiScopes.Erp).AddEndpointFilter(MaskPhonesAsync);
        api.MapPost("/merchant/reship-requests/{id:int}/reject", RejectAsync).RequireAuthorization(ApiScopes.Erp).AddEndpointFilter(MaskPhonesAsync);
        return api;
    }

    public sealed record AddressBody(string? Name, string? Phone, string? Province, string? City, string? District, string? Detail);

    public sealed record ItemBody(string? Sku, int Quantity);

    public sealed record ReshipBody(string? OrderNo, string? Reason, string? Description, AddressBody? Address, List<ItemBody?>? Items);

    public sealed record NoteBody(string? Note);

    public sealed record DecisionBody(string? Outcome, string? Note);

    public sealed record RejectBody(string? ReasonCode, string? Note);

    public sealed record AddressJson(string Name, string Phone, string Province, string City, string District, string Detail);

    public sealed record ItemJson(string Sku, string Name, int Quantity);

    public sealed record ShipmentJson(int Id, string Carrier, string TrackingNo, ShipmentStatus Status, ShipmentKind Kind, DateTimeOffset CreatedAt);

    public sealed record HistoryJson(DateTimeOffset At, string Actor, string Action, string? Note, string? FromStatus, string? ToStatus);

    public sealed record RevisionJson(int Revision, ReshipReason Reason, string? Description, AddressJson Address, IReadOnlyList<ItemJson> Items, DateTimeOffset At);

    public sealed record RejectionJson(RejectionReason? ReasonCode, string? Note, DateTimeOffset? At);

    public sealed record ReshipRequestJson(
        int Id, string OrderNo, ReshipStatus Status, ReshipReason Reason, string? Description, AddressJson Address, IReadOnlyList<ItemJson> Items,
        DateTimeOffset DueAt, int Revision, int? ReissueId, string? ReissueNo, ReissueStatus? ReissueStatus, int AfterSaleId,
        RejectionJson? Rejection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        IReadOnlyList<ShipmentJson> Shipments, IReadOnlyList<RevisionJson> Revisions, IReadOnlyList<HistoryJson> History);

    public sealed record ReshipSummaryJson(
        int Id, string OrderNo, ReshipStatus Status, ReshipReason Reason, string? Description, AddressJson Address, IReadOnlyList<ItemJson> Items,
        DateTimeOffset DueAt, int Revision, int? ReissueId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record ListJson(IReadOnlyList<ReshipSummaryJson> Items, string? NextCursor);

    private static async Task<IResult> SubmitAsync(ReshipBody body, ReshipPlatformService service, ReshipQueryService queries, ShopClock clock,
        CancellationToken ct)
    {
        var id = await service.SubmitAsync(ToInput(body), ct);
        var detail = await queries.GetAsync(id, ct);
        return Results.Json(ToJson(detail!, clock), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(string? status, string? orderNo, string? updatedSince, string? limit, string? cursor,
        ReshipQueryService service, ShopClock clock, ApiProblemWriter problems, CancellationToken ct)
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
        var page = await service.ListAsync(new ReshipListQuery(statusFilter, number, since, size, after), ct);
        return Results.Json(new ListJson(page.Items.Select(i => ToJson(i, clock)).ToList(), page.Next is { } next ? PageRequest.EncodeChange(next.UpdatedAtUtc, next.Id) : null), ApiJson.Options);
    }

    private static async Task<IResult> GetAsync(int id, ReshipQueryService service, ShopClock clock, ApiProblemWriter problems, CancellationToken ct) =>
        await service.GetAsync(id, ct) is { } detail ? Results.Json(ToJson(detail, clock), ApiJson.Options) : problems.NotFound("未找到补寄申请 {0}", id);

    private static async Task<IResult> ModifyAsync(int id, ReshipBody body, ReshipPlatformService service, ReshipQueryService queries, ShopClock clock,
        CancellationToken ct)
    {
        await service.ModifyAsync(id, ToInput(body), ct);
        return await AnswerAsync(id, queries, clock, ct);
    }

    private static async Task<IResult> WithdrawAsync(int id, ReshipPlatformService service, ReshipQueryService queries, ShopClock clock,
        CancellationToken ct)
    {
        await service.WithdrawAsync(id, ct);
        return await AnswerAsync(id, queries, clock, ct);
    }

    private static async Task<IResult> EscalateAsync(int id, NoteBody? body, ReshipPlatformService service, ReshipQueryService queries, ShopClock clock,
        CancellationToken ct)
    {
        await service.EscalateAsync(id, body?.Note, ct);
        return await AnswerAsync(id, queries, clock, ct);
    }

    private static async Task<IResult> ConfirmReceiptAsync(int id, ReshipPlatformService service, ReshipQueryService queries, ShopClock clock,
        CancellationToken ct)
    {
        await service.ConfirmReceiptAsync(id, ct);
        return await AnswerAsync(id, queries, clock, ct);
    }

    private static async Task<IResult> DecideAsync(int id, DecisionBody body, ReshipPlatformService service, ReshipQueryService queries, ShopClock clock,
        CancellationToken ct)
    {
        if (!ApiWords.TryParse<PlatformOutcome>(body.Outcome, out var outcome))
            throw DomainException.Invalid("outcome", "裁决结果只能是 buyer 或 merchant");
        await service.DecideAsync(id, outcome, body.Note, ct);
        return await AnswerAsync(id, queries, clock, ct);
    }

    private static async Task<IResult> ApproveAsync(int id, ReshipDecisionService service, ReshipQueryService queries, ShopClock clock,
        CancellationToken ct)
    {
        await service.ApproveAsync(id, null, ct);
        return await AnswerAsync(id, queries, clock, ct);
    }

    private static async Task<IResult> RejectAsync(int id, RejectBody body, ReshipDecisionService service, ReshipQueryService queries, ShopClock clock,
        CancellationToken ct)
    {
        if (!ApiWords.TryParse<RejectionReason>(body.ReasonCode, out var reason))
            throw DomainException.Invalid("reasonCode", "请选择拒绝原因");
        await service.RejectAsync(id, reason, body.Note, null, ct);
        return await AnswerAsync(id, queries, clock, ct);
    }

    /// <summary>
    /// The access table gives the full phone to keys that ship (erp); every other caller — the platform included —
    /// gets it masked (138****5678), in the request, its revisions and the list.
    /// </summary>
    private static async ValueTask<object?> MaskPhonesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var guard = context.HttpContext.RequestServices.GetRequiredService<AccessGuard>();
        if (guard.Allows(Permission.ShippingContact) || result is not IValueHttpResult { Value: { } value } || result is not IStatusCodeHttpResult status)
            return result;
        object? masked = value switch
        {
            ReshipRequestJson r => r with { Address = Mask(r.Address), Revisions = r.Revisions.Select(v => v with { Address = Mask(v.Address) }).ToList() },
            ListJson l => l with { Items = l.Items.Select(i => i with { Address = Mask(i.Address) }).ToList() },
            _ => null,
        };
        return masked is null ? result : Results.Json(masked, ApiJson.Options, statusCode: status.StatusCode);
    }

    private static AddressJson Mask(AddressJson a) => a with { Phone = PhoneMask.Mask(a.Phone) };

    private static async Task<IResult> AnswerAsync(int id, ReshipQueryService service, ShopClock clock, CancellationToken ct) =>
        Results.Json(ToJson((await service.GetAsync(id, ct))!, clock), ApiJson.Options);

    private static ReshipInput ToInput(ReshipBody body)
    {
        if (string.IsNullOrWhiteSpace(body.OrderNo)) throw DomainException.Invalid("orderNo", "请填写订单号");
        if (!ApiWords.TryParse<ReshipReason>(body.Reason, out var reason)) throw DomainException.Invalid("reason", "未知的补寄原因");
        if (body.Address is not { } a) throw DomainException.Invalid("address", "请填写收货地址");
        var address = new Address((a.Name ?? "").Trim(), (a.Phone ?? "").Trim(), (a.Province ?? "").Trim(), (a.City ?? "").Trim(),
            (a.District ?? "").Trim(), (a.Detail ?? "").Trim());
        if (body.Items is { Count: > OrderItem.MaxLines }) throw DomainException.Invalid("items", "最多 {0} 行商品", OrderItem.MaxLines);
        if (body.Items?.FindIndex(i => i is null) is >= 0 and var blank) throw DomainException.Invalid($"items[{blank}]", "请填写商品行");
        var items = body.Items?.Select(i => new ItemQuantity(i!.Sku ?? "", i.Quantity)).ToList();
        return new ReshipInput(body.OrderNo, reason, body.Description, address, items);
    }

    private static AddressJson ToJson(Address a) => new(a.Name, a.Phone, a.Province, a.City, a.District, a.Detail);

    private static List<ItemJson> ToJson(IEnumerable<LineItem> items) => items.Select(i => new ItemJson(i.Sku, i.Name, i.Quantity)).ToList();

    public static ReshipRequestJson ToJson(ReshipRequestDetail d, ShopClock clock) => new(
        d.Id, d.OrderNo, d.Status, d.Reason, d.Description, ToJson(d.Address), ToJson(d.Items),
        clock.ToShop(d.DueAtUtc), d.Revision, d.ReissueId, d.ReissueNo, d.ReissueStatus, d.AfterSaleId,
        d.RejectionReason is null ? null : new RejectionJson(d.RejectionReason, d.RejectionNote, clock.ToShop(d.RejectedAtUtc)),
        clock.ToShop(d.CreatedAtUtc), clock.ToShop(d.UpdatedAtUtc),
        d.Shipments.Select(s => new ShipmentJson(s.Id, s.Carrier, s.TrackingNo, s.Status, s.Kind, clock.ToShop(s.CreatedAtUtc))).ToList(),
        d.Revisions.Select(v => new RevisionJson(v.Number, v.Reason, v.Description, ToJson(v.Address), ToJson(v.Items), clock.ToShop(v.AtUtc))).ToList(),
        d.History.Select(h => new HistoryJson(clock.ToShop(h.AtUtc), h.Actor.ToString(),
            h.Subject == Domain.Audit.AuditSubjects.AfterSale ? "after_sale_" + h.Action : h.Action, h.Note, h.FromStatus, h.ToStatus)).ToList());

    private static ReshipSummaryJson ToJson(ReshipRequestSummary s, ShopClock clock) => new(
        s.Id, s.OrderNo, s.Status, s.Reason, s.Description, ToJson(s.Address), ToJson(s.Items), clock.ToShop(s.DueAtUtc), s.Revision,
        s.ReissueId, clock.ToShop(s.CreatedAtUtc), clock.ToShop(s.UpdatedAtUtc));

}

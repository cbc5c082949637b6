using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features.Api;

/// <summary>`/api/v1/reissues`: read a reissue or the list of changed ones, enter or correct its tracking number, cancel it (ERP).</summary>
public static class ReissuesApi
{
    public static RouteGroupBuilder MapReissuesApi(this RouteGroupBuilder api)
    {
        var reissues = api.MapGroup("/reissues").RequireAuthorization(ApiScopes.Erp);
        reissues.MapGet("/{id:int}", GetAsync);
        reissues.MapGet("/", ListAsync);
        reissues.MapPut("/{id:int}/tracking", SetTrackingAsync);
        reissues.MapPost("/{id:int}/cancel", CancelAsync);
        return api;
    }

    public sealed record TrackingBody(string? Carrier, string? TrackingNo, string? Reason);

    public sealed record CancelBody(string? Reason);

    /// <summary>
    /// A reissue as the API shows it — with what to pack and where to send it; every action on a reissue answers
    /// with this. The address phone is in full only for callers with the `erp` scope (they ship).
    /// </summary>
    public sealed record ReissueResource(
        int Id, string ReissueNo, string OrderNo, int Sequence, string Source, string Scenario, string Status,
        string? Carrier, string? TrackingNo, int? ReshipRequestId, bool ReplacedParcelDelivered, string? PreferredCarrier,
        DateTimeOffset CreatedAt, DateTimeOffset ShipBy, DateTimeOffset? ShippedAt, DateTimeOffset UpdatedAt, string? WaybillError,
        IReadOnlyList<ReissueItemResource> Items, AddressResource? Address, string? Remark, DateTimeOffset? PrintedAt,
        DateTimeOffset? WaybillRetryAt);

    public sealed record ReissueItemResource(string Sku, string Name, int Quantity);

    public sealed record ReissuePage(IReadOnlyList<ReissueResource> Items, string? NextCursor);

    private static async Task<IResult> GetAsync(int id, ClaimsPrincipal user, ReissueService service, ShopClock clock, ApiProblemWriter problems, CancellationToken ct) =>
        await service.GetRowAsync(id, ct) is { } row ? Results.Ok(ToResource(row, clock, Ships(user))) : NotFound(problems, id);

    /// <summary>Callers with the `erp` scope ship parcels: they see the recipient's phone in full.</summary>
    public static bool Ships(ClaimsPrincipal user) => user.HasClaim(ApiScopes.ClaimType, ApiScopes.Erp);

    private static async Task<IResult> ListAsync(string? orderNo, string? status, string? updatedSince, string? limit, string? cursor,
        ClaimsPrincipal user, ReissueService service, ShopClock clock, ApiProblemWriter problems, CancellationToken ct)
    {
        var errors = new ApiInputErrors();
        var wanted = errors.Word<ReissueStatus>("status", status, required: false);
        var since = errors.Time("updatedSince", updatedSince);
        if (errors.ToProblem(problems) is { } problem) return problem;
        var paging = PageRequest.Parse(limit, cursor, cursorParts: 2);
        var (take, after) = (paging.Limit, paging.ChangePosition);

        var rows = await service.ListChangedAsync(orderNo, wanted, since, after, take + 1, ct);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? PageRequest.EncodeChange(page[^1].UpdatedAtUtc, page[^1].Id) : null;
        var fullPhone = Ships(user);
        return Results.Ok(new ReissuePage(page.Select(r => ToResource(r, clock, fullPhone)).ToList(), next));
    }

    private static async Task<IResult> SetTrackingAsync(int id, TrackingBody body, ClaimsPrincipal user, ReissueService service, ShopClock clock,
        ApiProblemWriter problems, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Carrier)) return problems.Validation("carrier", "请选择快递公司");
        if (string.IsNullOrWhiteSpace(body.TrackingNo)) return problems.Validation("trackingNo", "请填写物流单号");
        await service.SetTrackingAsync(id, body.Carrier, body.TrackingNo, body.Reason, cancellationToken: ct);
        return await GetAsync(id, user, service, clock, problems, ct);
    }

    private static async Task<IResult> CancelAsync(int id, CancelBody? body, ClaimsPrincipal user, ReissueService service, ShopClock clock,
        ApiProblemWriter problems, CancellationToken ct)
    {
        await service.CancelAsync(id, body?.Reason, cancellationToken: ct);
        return await GetAsync(id, user, service, clock, problems, ct);
    }

    private static IResult NotFound(ApiProblemWriter problems, int id) =>
        problems.NotFound("补发单 {0} 不存在", id.ToString(CultureInfo.InvariantCulture));

    public static ReissueResource ToResource(ReissueRow r, ShopClock clock, bool fullPhone) => new(
        r.Id, r.ReissueNo, r.OrderNo, r.Sequence, ApiWords.Of(r.Source), ApiWords.Of(r.Scenario), ApiWords.Of(r.Status),
        r.Carrier, r.TrackingNo, r.ReshipRequestId, r.ReplacedParcelDelivered, r.PreferredCarrier,
        clock.ToShop(r.CreatedAtUtc), clock.ToShop(r.ShipByUtc), clock.ToShop(r.ShippedAtUtc), clock.ToShop(r.UpdatedAtUtc), r.WaybillError,
        r.ItemList.Select(i => new ReissueItemResource(i.Sku, i.Name, i.Quantity)).ToList(),
        r.Address is { } a ? AddressResource.From(a, fullPhone) : null, r.Remark, clock.ToShop(r.PrintedAtUtc), clock.ToShop(r.NextWaybillAttemptAtUtc));
}

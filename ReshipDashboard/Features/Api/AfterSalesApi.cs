using Microsoft.AspNetCore.Http.HttpResults;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.AfterSales;

namespace ReshipDashboard.Features.Api;

/// <summary>After-sales (platform → dashboard); withdrawing one may make the system reissue by itself (scenario 1).</summary>
public static class AfterSalesApi
{
    public sealed record AfterSaleRequest(string? OrderNo, string? Type, string? Reason, string? Description);

    /// <summary>GET /after-sales/{id}, also the answer of every action on an after-sale.</summary>
    public sealed record AfterSaleResource(int Id, string OrderNo, AfterSaleType Type, AfterSaleStatus Status, string Reason,
        string? Description, int? ReshipRequestId, int? ReissueId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static AfterSaleResource From(AfterSaleSnapshot s, ShopClock clock) => new(
            s.AfterSale.Id, s.OrderNo, s.AfterSale.Type, s.AfterSale.Status, s.AfterSale.Reason, s.Description,
            s.ReshipRequestId, s.ReissueId, clock.ToShop(s.AfterSale.CreatedAtUtc), clock.ToShop(s.AfterSale.UpdatedAtUtc));
    }

    public static RouteGroupBuilder MapAfterSalesApi(this RouteGroupBuilder api)
    {
        var afterSales = api.MapGroup("/after-sales");
        afterSales.MapPost("", OpenAfterSaleAsync)
            .RequireAuthorization(ApiScopes.Platform).WithIdempotency<AfterSale>((_, a) => $"/api/v1/after-sales/{a.Id}");
        afterSales.MapPost("/{id:int}/withdraw", WithdrawAfterSaleAsync).RequireAuthorization(ApiScopes.Platform);
        afterSales.MapGet("/{id:int}", GetAfterSaleAsync).RequireAuthorization(ApiScopes.PlatformOrErp);
        afterSales.MapGet("", ListAfterSalesAsync).RequireAuthorization(ApiScopes.PlatformOrErp);
        return api;
    }

    public static async Task<Results<Created<AfterSaleResource>, ApiProblem>> OpenAfterSaleAsync(AfterSaleRequest? input,
        AfterSaleService service, ShopClock clock, ApiProblemWriter problems, CancellationToken ct)
    {
        var errors = new ApiInputErrors();
        var orderNo = OrderNumber.Normalise(input?.OrderNo);
        if (!OrderNumber.IsValid(orderNo)) errors.Add("orderNo", OrderNumber.FormatMessage);
        var type = errors.Word<AfterSaleType>("type", input?.Type);
        if (string.IsNullOrWhiteSpace(input?.Reason)) errors.Add("reason", "请填写售后原因");
        else if (input.Reason.Trim().Length > AfterSale.MaxReasonLength) errors.Add("reason", AfterSale.ReasonLengthMessage, AfterSale.MaxReasonLength);
        if (input?.Description is { Length: > AfterSale.MaxDescriptionLength }) errors.Add("description", AfterSale.DescriptionLengthMessage, AfterSale.MaxDescriptionLength);
        if (errors.ToProblem(problems) is { } problem) return problem;

        var created = await service.OpenAsync(orderNo, type!.Value, input!.Reason!, input.Description, ct);
        return TypedResults.Created($"/api/v1/after-sales/{created.AfterSale.Id}", AfterSaleResource.From(created, clock));
    }

    public static async Task<Ok<AfterSaleResource>> WithdrawAfterSaleAsync(int id, AfterSaleService service, ShopClock clock, CancellationToken ct) =>
        TypedResults.Ok(AfterSaleResource.From(await service.WithdrawAsync(id, ct), clock));

    public static async Task<Results<Ok<AfterSaleResource>, ApiProblem>> GetAfterSaleAsync(int id, AfterSaleService service, ShopClock clock,
        ApiProblemWriter problems, CancellationToken ct) =>
        await service.FindAsync(id, ct) is { } found
            ? TypedResults.Ok(AfterSaleResource.From(found, clock))
            : problems.NotFound("售后单 {0} 不存在", id);

    public static async Task<Results<Ok<Page<AfterSaleResource>>, ApiProblem>> ListAfterSalesAsync(string? orderNo, string? status,
        string? updatedSince, string? limit, string? cursor, AfterSaleService service, ShopClock clock, ApiProblemWriter problems,
        CancellationToken ct)
    {
        var errors = new ApiInputErrors();
        var state = errors.Word<AfterSaleStatus>("status", status, required: false);
        var since = errors.Time("updatedSince", updatedSince);
        if (errors.ToProblem(problems) is { } problem) return problem;
        var page = PageRequest.Parse(limit, cursor, cursorParts: 2);
        var after = page.ChangePosition;
        var rows = await service.ListAsync(new AfterSaleQuery(orderNo, state, since),
            after?.UpdatedAtUtc.Ticks ?? 0, after?.Id ?? 0, page.Limit + 1, ct);
        return TypedResults.Ok(Pages.From(rows, page.Limit, a => AfterSaleResource.From(a, clock),
            a => [a.AfterSale.UpdatedAtUtc.Ticks, a.AfterSale.Id]));
    }
}

using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.AfterSales;

namespace ReshipDashboard.Features.Api;

/// <summary>After-sales (platform → dashboard); withdrawing one may make the system reissue by itself (scenario 1).</summary>
public static class AfterSalesApi
{
    public sealed record AfterSaleInput(string? OrderNo, string? Type, string? Reason, string? Description);

    public static RouteGroupBuilder MapAfterSalesApi(this RouteGroupBuilder api)
    {
        var afterSales = api.MapGroup("/after-sales");

        afterSales.MapPost("", async (AfterSaleInput? input, AfterSaleService service, ShopClock clock, ApiProblemWriter problems,
            CancellationToken ct) =>
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
            return Results.Created($"/api/v1/after-sales/{created.AfterSale.Id}", AfterSaleResource.From(created, clock));
        }).RequireAuthorization(ApiScopes.Platform).WithIdempotency<AfterSale>((_, a) => $"/api/v1/after-sales/{a.Id}");

        afterSales.MapPost("/{id:int}/withdraw", async (int id, AfterSaleService service, ShopClock clock, CancellationToken ct) =>
            Results.Ok(AfterSaleResource.From(await service.WithdrawAsync(id, ct), clock)))
            .RequireAuthorization(ApiScopes.Platform);

        afterSales.MapGet("/{id:int}", async (int id, AfterSaleService service, ShopClock clock, ApiProblemWriter problems, CancellationToken ct) =>
            await service.FindAsync(id, ct) is { } found
                ? Results.Ok(AfterSaleResource.From(found, clock))
                : problems.NotFound("售后单 {0} 不存在", id))
            .RequireAuthorization(ApiScopes.PlatformOrErp);

        afterSales.MapGet("", async (string? orderNo, string? status, string? updatedSince, string? limit, string? cursor,
            AfterSaleService service, ShopClock clock, ApiProblemWriter problems, CancellationToken ct) =>
        {
            var errors = new ApiInputErrors();
            var state = errors.Word<AfterSaleStatus>("status", status, required: false);
            var since = errors.Time("updatedSince", updatedSince);
            if (errors.ToProblem(problems) is { } problem) return problem;
            var page = PageRequest.Parse(limit, cursor, cursorParts: 2);
            var after = page.ChangePosition;
            var rows = await service.ListAsync(new AfterSaleQuery(orderNo, state, since),
                after?.UpdatedAtUtc.Ticks ?? 0, after?.Id ?? 0, page.Limit + 1, ct);
            return Results.Ok(Pages.From(rows, page.Limit, a => AfterSaleResource.From(a, clock),
                a => [a.AfterSale.UpdatedAtUtc.Ticks, a.AfterSale.Id]));
        }).RequireAuthorization(ApiScopes.PlatformOrErp);

        return api;
    }
}

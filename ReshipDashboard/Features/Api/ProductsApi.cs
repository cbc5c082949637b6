using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Catalog;

namespace ReshipDashboard.Features.Api;

/// <summary>Products (ERP): the catalogue an ERP keeps in step.</summary>
public static class ProductsApi
{
    public sealed record ProductInput(string? Name, long? UnitPrice);

    public static RouteGroupBuilder MapProductsApi(this RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products").RequireAuthorization(ApiScopes.Erp);

        products.MapGet("", async (string? limit, string? cursor, ProductCatalogService catalog, ShopClock clock, CancellationToken ct) =>
        {
            var page = PageRequest.Parse(limit, cursor);
            var rows = await catalog.ListAsync(page.After?[0] ?? 0, page.Limit + 1, ct);
            return Results.Ok(Pages.From(rows, page.Limit, p => ProductResource.From(p, clock), p => [p.Id]));
        });

        products.MapPut("/{sku}", async (string sku, ProductInput? input, ProductCatalogService catalog, ShopClock clock,
            ApiProblemWriter problems, CancellationToken ct) =>
        {
            var errors = new ApiInputErrors();
            if (sku.Trim().Length is 0 or > Product.MaxSkuLength) errors.Add("sku", Product.SkuLengthMessage, Product.MaxSkuLength);
            if (string.IsNullOrWhiteSpace(input?.Name) || input.Name.Trim().Length > Product.MaxNameLength) errors.Add("name", Product.NameLengthMessage, Product.MaxNameLength);
            if (input?.UnitPrice is not (>= 0 and <= Product.MaxUnitPrice)) errors.Add("unitPrice", "单价须为 0–{0} 的整数（分）", Product.MaxUnitPrice);
            if (errors.ToProblem(problems) is { } problem) return problem;
            var product = await catalog.UpsertAsync(sku, input!.Name!, input.UnitPrice!.Value, ct);
            return Results.Ok(ProductResource.From(product, clock));
        });
        return api;
    }
}

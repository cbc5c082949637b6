using Microsoft.AspNetCore.Http.HttpResults;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Catalog;

namespace ReshipDashboard.Features.Api;

/// <summary>Products (ERP): the catalogue an ERP keeps in step.</summary>
public static class ProductsApi
{
    public sealed record ProductRequest(string? Name, long? UnitPrice);

    public sealed record ProductResource(string Sku, string Name, long UnitPrice, DateTimeOffset UpdatedAt)
    {
        public static ProductResource From(Product p, ShopClock clock) => new(p.Sku, p.Name, p.UnitPrice, clock.ToShop(p.UpdatedAtUtc));
    }

    public static RouteGroupBuilder MapProductsApi(this RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products").RequireAuthorization(ApiScopes.Erp);
        products.MapGet("", ListProductsAsync);
        products.MapPut("/{sku}", PutProductAsync);
        return api;
    }

    public static async Task<Ok<Page<ProductResource>>> ListProductsAsync(string? limit, string? cursor, ProductCatalogService catalog,
        ShopClock clock, CancellationToken ct)
    {
        var page = PageRequest.Parse(limit, cursor);
        var rows = await catalog.ListAsync(page.After?[0] ?? 0, page.Limit + 1, ct);
        return TypedResults.Ok(Pages.From(rows, page.Limit, p => ProductResource.From(p, clock), p => [p.Id]));
    }

    public static async Task<Results<Ok<ProductResource>, ApiProblem>> PutProductAsync(string sku, ProductRequest? input,
        ProductCatalogService catalog, ShopClock clock, ApiProblemWriter problems, CancellationToken ct)
    {
        var errors = new ApiInputErrors();
        if (sku.Trim().Length is 0 or > Product.MaxSkuLength) errors.Add("sku", Product.SkuLengthMessage, Product.MaxSkuLength);
        if (string.IsNullOrWhiteSpace(input?.Name) || input.Name.Trim().Length > Product.MaxNameLength) errors.Add("name", Product.NameLengthMessage, Product.MaxNameLength);
        if (input?.UnitPrice is not (>= 0 and <= Product.MaxUnitPrice)) errors.Add("unitPrice", "单价须为 0–{0} 的整数（分）", Product.MaxUnitPrice);
        if (errors.ToProblem(problems) is { } problem) return problem;
        var product = await catalog.UpsertAsync(sku, input!.Name!, input.UnitPrice!.Value, ct);
        return TypedResults.Ok(ProductResource.From(product, clock));
    }
}

using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Catalog;

/// <summary>The shop's catalogue as the ERP keeps it: list and create-or-update by SKU.</summary>
public sealed class ProductCatalogService(IDbContextFactory<ReshipDbContext> factory, ShopClock clock, CurrentActor actor)
{
    private readonly AccessGuard _guard = new(actor);

    /// <summary>An unknown SKU is wrong on its own (400), refused before the order is looked up.</summary>
    public static async Task EnsureKnownSkusAsync(ReshipDbContext db, IReadOnlyList<ItemQuantity>? items, CancellationToken cancellationToken)
    {
        if (items is not { Count: > 0 }) return;
        var skus = items.Select(i => Product.NormaliseSku(i.Sku)).Distinct().ToList();
        var known = await db.Products.Where(p => skus.Contains(p.Sku)).Select(p => p.Sku).ToListAsync(cancellationToken);
        if (skus.FirstOrDefault(s => !known.Contains(s)) is { } unknown)
            throw DomainException.Invalid("items", Product.UnknownSkuMessage, unknown);
    }

    public async Task<List<Product>> ListAsync(long afterId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Products.AsNoTracking().Where(p => p.Id > afterId).OrderBy(p => p.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Creates the product or updates its name and price.</summary>
    public async Task<Product> UpsertAsync(string sku, string name, long unitPrice, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.CatalogWrite);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.UtcNow;
        var key = Product.NormaliseSku(sku);
        var product = await db.Products.FirstOrDefaultAsync(p => p.Sku == key, cancellationToken);
        if (product is null) db.Products.Add(product = new Product(key, name, unitPrice, now, actor.Actor));
        else product.Update(name, unitPrice, now, actor.Actor);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return product;
    }
}

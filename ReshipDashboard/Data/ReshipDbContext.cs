using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Accounts;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Data;

/// <summary>
/// The shop's data, its accounts (ASP.NET Core Identity) and the data-protection keys every instance shares, in
/// one database. A failed save surfaces as the app's own exception (<see cref="DatabaseErrors"/>), whichever provider.
/// </summary>
public sealed class ReshipDbContext(DbContextOptions<ReshipDbContext> options)
    : IdentityDbContext<ReshipUser, ReshipRole, int>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Product> Products => Set<Product>();
    public DbSet<Buyer> Buyers => Set<Buyer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderItem> OrderItems => Set<OrderItem>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<ShipmentEvent> ShipmentEvents => Set<ShipmentEvent>();
    public DbSet<AfterSale> AfterSales => Set<AfterSale>();
    public DbSet<ReissueOrder> Reissues => Set<ReissueOrder>();
    public DbSet<ReshipRequest> ReshipRequests => Set<ReshipRequest>();
    public DbSet<ReshipRevision> ReshipRevisions => Set<ReshipRevision>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<StoredApiKey> ApiKeys => Set<StoredApiKey>();
    public DbSet<Domain.Shop.CourierFreightRate> CourierFreightRates => Set<Domain.Shop.CourierFreightRate>();
    public DbSet<Domain.Shop.StoredShopSettings> ShopSettings => Set<Domain.Shop.StoredShopSettings>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        catch (DbUpdateException e) when (DatabaseErrors.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReshipDbContext).Assembly);
        if (Database.IsNpgsql()) UseByteOrderText(modelBuilder);
    }

    /// <summary>
    /// PostgreSQL compares and sorts text by the server's locale unless told otherwise: collation "C" on every text
    /// column makes ORDER BY, comparisons and StartsWith behave as on SQLite (byte order), whatever the server's locale.
    /// </summary>
    private static void UseByteOrderText(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var properties = entity.GetProperties()
                .Concat(entity.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties()));
            foreach (var property in properties.Where(p => p.ClrType == typeof(string)))
                property.SetCollation("C");
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC in the database; SQLite returns Unspecified, so mark them on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

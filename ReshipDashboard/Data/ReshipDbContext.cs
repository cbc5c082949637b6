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

/// <summary>The shop's data and its accounts (ASP.NET Core Identity) in one database.</summary>
public sealed class ReshipDbContext(DbContextOptions<ReshipDbContext> options)
    : IdentityDbContext<ReshipUser, ReshipRole, int>(options)
{
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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReshipDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC in the database; SQLite returns Unspecified, so mark them on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

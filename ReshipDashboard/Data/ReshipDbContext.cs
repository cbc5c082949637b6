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
    public DbSet<Tallies.Tally> Tallies => Set<Tallies.Tally>();
    public DbSet<StoredApiKey> ApiKeys => Set<StoredApiKey>();
    public DbSet<Domain.Shop.CourierFreightRate> CourierFreightRates => Set<Domain.Shop.CourierFreightRate>();
    public DbSet<Domain.Shop.StoredShopSettings> ShopSettings => Set<Domain.Shop.StoredShopSettings>();

    private readonly DbContextOptions<ReshipDbContext> _options = options;

    /// <summary>The idempotency record this context stored for the running <see cref="IdempotentAction"/>, once it has.</summary>
    private IdempotencyRecord? _idempotencyRecord;

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (PendingSubject() is not null)
            throw new InvalidOperationException("An idempotent action saves with SaveChangesAsync, which stores its key in the same transaction");
        if (ChangeTracker.AutoDetectChangesEnabled) ChangeTracker.DetectChanges();
        try
        {
            if (Database.CurrentTransaction is not null || !ChangeRecorder.Waiting(this)) return SaveFound(acceptAllChangesOnSuccess);
            // Raised events may wait for a new record's key and be written by a second save: both in one transaction.
            using var own = Database.BeginTransaction();
            var saved = SaveFound(acceptAllChangesOnSuccess);
            own.Commit();
            return saved;
        }
        catch (DbUpdateException e) when (DatabaseErrors.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // One scan for changes per save: what it finds is what the steps below and the save itself read.
        if (ChangeTracker.AutoDetectChangesEnabled) ChangeTracker.DetectChanges();
        try
        {
            if (PendingSubject() is { } subject)
                return await SaveWithIdempotencyRecordAsync(IdempotentAction.Current!, subject, acceptAllChangesOnSuccess, cancellationToken);
            if (Database.CurrentTransaction is not null || !ChangeRecorder.Waiting(this))
                return await SaveFoundAsync(acceptAllChangesOnSuccess, cancellationToken);
            // Raised events may wait for a new record's key and be written by a second save: both in one transaction.
            await using var own = await Database.BeginTransactionAsync(cancellationToken);
            var saved = await SaveFoundAsync(acceptAllChangesOnSuccess, cancellationToken);
            await own.CommitAsync(cancellationToken);
            return saved;
        }
        catch (DbUpdateException e) when (DatabaseErrors.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// EF's save of the changes the caller's scan found. Without it the interceptors (the change recorder, versions,
    /// tallies) and EF itself would each scan every tracked entity again; what they change, they change through the
    /// change tracker, which needs no scan.
    /// </summary>
    private int SaveFound(bool acceptAllChangesOnSuccess)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <inheritdoc cref="SaveFound"/>
    private async Task<int> SaveFoundAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>The entity the running idempotent action creates, when this save adds it and the key is not stored yet.</summary>
    private object? PendingSubject()
    {
        if (_idempotencyRecord is not null || IdempotentAction.Current is not { } action) return null;
        return ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).FirstOrDefault(action.IsSubject);
    }

    /// <summary>
    /// Saves the action's subject and its Idempotency-Key record in one transaction (the caller's, or one of its own).
    /// A concurrent request with the same key that committed first makes this save fail with
    /// <see cref="IdempotencyKeyTakenException"/>, and nothing of it is kept.
    /// </summary>
    private async Task<int> SaveWithIdempotencyRecordAsync(IdempotentAction action, object subject, bool acceptAllChangesOnSuccess,
        CancellationToken cancellationToken)
    {
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var record = action.NewRecord();
        IdempotencyRecords.Add(record);
        try
        {
            int saved;
            try
            {
                saved = await SaveFoundAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsDuplicate(e))
            {
                if (await KeyCommittedAsync(action, cancellationToken)) throw new IdempotencyKeyTakenException();
                throw;
            }
            _idempotencyRecord = record;
            Entry(record).Property(r => r.Location).CurrentValue = action.Locate(subject);
            await SaveFoundAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return saved;
        }
        catch
        {
            // The transaction does not commit: the record goes with it, and a retry of the save stores it again.
            Entry(record).State = EntityState.Detached;
            _idempotencyRecord = null;
            throw;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>
    /// The context is pooled: disposing it returns it to the pool, and EF resets only its own state. The record of the
    /// last idempotent action must not make the next user of this instance skip storing its own key.
    /// </summary>
    public override void Dispose()
    {
        _idempotencyRecord = null;
        KeepsConnectionOpen = true;
        base.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public override ValueTask DisposeAsync()
    {
        _idempotencyRecord = null;
        KeepsConnectionOpen = true;
        return base.DisposeAsync();
    }

    /// <summary>
    /// Whether this context's SQLite connection stays open between operations (<see cref="KeptOpenSqliteConnection"/>).
    /// Not for a context held as long as its scope, such as a Blazor circuit's: it closes after each statement as
    /// before, so an open page does not hold a connection.
    /// </summary>
    internal bool KeepsConnectionOpen { get; set; } = true;

    /// <summary>Whether another request's record for this key is committed (read outside this context's transaction).</summary>
    private async Task<bool> KeyCommittedAsync(IdempotentAction action, CancellationToken cancellationToken)
    {
        await using var other = new ReshipDbContext(_options);
        return await other.IdempotencyRecords.AsNoTracking()
            .AnyAsync(r => r.Scope == action.Scope && r.Path == action.Path && r.Key == action.Key, cancellationToken);
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

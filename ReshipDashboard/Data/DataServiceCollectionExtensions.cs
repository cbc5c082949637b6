using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Query;
using Npgsql;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data.Seeding;
using ReshipDashboard.Data.Tallies;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The database named by `Database:Provider` (Sqlite, the default, or Postgres) and `ConnectionStrings:Default`
    /// (SQLite without one: App_Data/reship.db for the demo shop in Development, App_Data/shop.db otherwise), the data-protection keys in it (shared by every
    /// instance) and the `/healthz` database check.
    /// </summary>
    public static IServiceCollection AddReshipData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = ResolveConnectionString(configuration, environment, options.Provider);
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddSingleton<VersionInterceptor>();
        services.AddSingleton(sp => new TallyInterceptor(sp.GetRequiredService<IOptionsMonitor<ShopSettings>>().CurrentValue.ResolveTimeZone()));
        services.AddSingleton<TallyCompaction>();
        services.AddHostedService(sp => sp.GetRequiredService<TallyCompaction>());
        services.AddSingleton<RunningIdempotencyKeys>();
        // Pooled: a context is reset and reused instead of set up anew for every operation (EF's fixed cost per
        // operation is most of a lookup's time). The context keeps no state across operations (see its Dispose), and
        // its interceptors keep none per context. On SQLite each pooled context keeps its connection open, so the pool
        // keeps at most ContextPoolSize of them: contexts beyond that (a burst) are disposed when handed back.
        services.AddPooledDbContextFactory<ReshipDbContext>((sp, builder) =>
            builder.UseReshipDatabase(options.Provider, connectionString, sp.GetRequiredService<VersionInterceptor>(),
                sp.GetRequiredService<TallyInterceptor>(), SqliteDurability.From(options.SqliteSynchronous)), ContextPoolSize);
        // Identity's stores, the data-protection key ring and the health check take a scoped context: one from the pool.
        // A scope can be a Blazor circuit's, open for hours: that context closes its connection after each statement.
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<ReshipDbContext>>().CreateDbContext();
            db.KeepsConnectionOpen = false;
            db.Database.GetDbConnection().Close(); // the pooled instance may come with its connection still open
            return db;
        });
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddSingleton<DemoShopSeeder>();
        services.AddSingleton<DatabaseInitializer>();
        // The first hosted service to start: the database is made and migrated before any other start-up step reads
        // it (the data-protection key ring, registered earlier with the pages, is read by one).
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseStartup>());
        services.AddDataProtection().SetApplicationName("ReshipDashboard").PersistKeysToDbContext<ReshipDbContext>();
        services.AddHealthChecks().AddDbContextCheck<ReshipDbContext>("database");
        return services;
    }

    /// <inheritdoc cref="UseReshipDatabase(DbContextOptionsBuilder, DatabaseProvider, string, VersionInterceptor?, TallyInterceptor?, SqliteDurability?)"/>
    public static DbContextOptionsBuilder<ReshipDbContext> UseReshipDatabase(this DbContextOptionsBuilder<ReshipDbContext> builder,
        DatabaseProvider provider, string connectionString, VersionInterceptor? versions = null, TallyInterceptor? tallies = null,
        SqliteDurability? durability = null)
    {
        ((DbContextOptionsBuilder)builder).UseReshipDatabase(provider, connectionString, versions, tallies, durability);
        return builder;
    }

    /// <summary>
    /// The one place a provider is chosen: its connection, its migration set, its interceptors. The tallies' days
    /// are in the shop's configured time zone (without one: the default shop's, Asia/Shanghai).
    /// </summary>
    public static DbContextOptionsBuilder UseReshipDatabase(this DbContextOptionsBuilder builder, DatabaseProvider provider,
        string connectionString, VersionInterceptor? versions = null, TallyInterceptor? tallies = null, SqliteDurability? durability = null)
    {
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(connectionString)
                    .ReplaceService<IMigrationsAssembly, PostgresMigrationsAssembly>()
                    .AddInterceptors(new PostgresWriteLock());
                break;
            default:
                // Each context keeps its connection, and each connection its compiled statements (KeptOpenSqliteConnection.cs, SqliteStatements.cs);
                // dates are read by SqliteDateTimes.cs.
#pragma warning disable EF1001 // the SQLite provider's connection service, replaced by one that stays open
                // Opened without making a missing file (SqliteDatabaseFile.cs): only start-up (or EF's own create) makes it.
                builder.UseSqlite(SqliteDatabaseFile.OpenExistingOnly(connectionString))
                    .ReplaceService<IMigrationsAssembly, SqliteMigrationsAssembly>()
                    .ReplaceService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator, SqliteFileCreator>()
                    .ReplaceService<Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal.ISqliteRelationalConnection, KeptOpenSqliteConnection>()
                    .ReplaceService<Microsoft.EntityFrameworkCore.Storage.IRelationalTypeMappingSource, ReshipSqliteTypeMappingSource>()
                    .AddInterceptors(Statements);
#pragma warning restore EF1001
                if (durability is not null) builder.AddInterceptors(durability);
                break;
        }
#pragma warning disable EF9100 // the service EF hands a compiled query's tree to just before compiling it
        builder.ReplaceService<ILiftableConstantProcessor, ClosedLambdaCompiler>();
#pragma warning restore EF9100
        return builder.AddInterceptors(Recorder, versions ?? new VersionInterceptor(), tallies ?? DefaultTallies.Value);
    }

    /// <summary>The contexts (and on SQLite their open connections) kept for reuse between operations.</summary>
    public const int ContextPoolSize = 16;

    /// <summary>Keeps no state: one for every context.</summary>
    private static readonly ChangeRecorder Recorder = new();

    /// <summary>Keeps no state (the statements live with each connection): one for every context.</summary>
    private static readonly StatementReuse Statements = new();

    private static readonly Lazy<TallyInterceptor> DefaultTallies = new(() => new TallyInterceptor(new ShopSettings().ResolveTimeZone()));

    public static string ResolveConnectionString(IConfiguration configuration, IHostEnvironment environment) =>
        ResolveConnectionString(configuration, environment,
            configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite);

    public static string ResolveConnectionString(IConfiguration configuration, IHostEnvironment environment, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString("Default");
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(configured))
                throw new InvalidOperationException("Database:Provider is Postgres: set ConnectionStrings:Default, e.g. Host=db;Database=reship;Username=reship;Password=…");
            return configured;
        }
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={Path.Combine(environment.ContentRootPath, "App_Data", environment.IsDevelopment() ? "reship.db" : "shop.db")}"
            : configured);
        if (!configured?.Contains("Timeout", StringComparison.OrdinalIgnoreCase) ?? true)
            builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>Where the database is, for log lines: the SQLite file, or host:port/database (never the password).</summary>
    public static string DescribeTarget(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Sqlite) return new SqliteConnectionStringBuilder(connectionString).DataSource;
        var pg = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{pg.Host}:{pg.Port}/{pg.Database}";
    }
}

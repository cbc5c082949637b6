using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReshipDashboard.Data;
using ReshipDashboard.Data.Seeding;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

public sealed class DatabaseInitializerTests
{
    [Fact]
    public async Task SqliteMigrations_MatchTheModel()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var db = database.CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes that no SQLite migration covers");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", journal.Single());
    }

    [Fact]
    public void PostgresMigrations_MatchTheModel()
    {
        // Comparing the model with the PostgreSQL snapshot needs no server.
        var options = new DbContextOptionsBuilder<ReshipDbContext>()
            .UseReshipDatabase(DatabaseProvider.Postgres, "Host=127.0.0.1;Database=reship").Options;
        using var db = new ReshipDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes that the PostgreSQL migration lacks: run .ci/postgres-migration");
        var migrations = db.Database.GetMigrations().ToList();
        Assert.Single(migrations);
        Assert.EndsWith("_InitialPostgres", migrations[0]);
    }

    [Fact]
    public async Task MigrationsOfTheRunsProvider_ApplyToAnEmptyDatabase()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Orders.CountAsync());
    }

    [Fact]
    public async Task Initialize_WhenPostgresIsDown_NamesTheHostAndTheCause()
    {
        var initializer = Build("Host=127.0.0.1;Port=1;Database=reship;Username=reship;Timeout=3", "Production", "Postgres");

        var e = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => initializer.InitializeAsync());

        Assert.Equal("127.0.0.1:1/reship", e.DatabasePath);
        Assert.Contains("refused", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Initialize_WhenTheFileCannotBeOpened_NamesThePathAndTheCause()
    {
        var folder = Directory.CreateTempSubdirectory("reship-bad-");
        var path = Path.Combine(folder.FullName, "a-folder.db");
        Directory.CreateDirectory(path);
        try
        {
            var initializer = Build($"Data Source={path}", "Production");

            var e = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => initializer.InitializeAsync());

            Assert.Equal(path, e.DatabasePath);
            Assert.Contains("unable to open", e.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Initialize_InProduction_CreatesAnEmptyShop()
    {
        var path = Path.Combine(Path.GetTempPath(), "reship-tests", $"prod-{Guid.NewGuid():N}.db");
        var services = Services($"Data Source={path}", "Production");
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        await using var db = await services.GetRequiredService<IDbContextFactory<ReshipDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Orders.CountAsync());
        Assert.Equal(0, await db.Products.CountAsync());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    private static DatabaseInitializer Build(string connectionString, string environment, string provider = "Sqlite") =>
        Services(connectionString, environment, provider).GetRequiredService<DatabaseInitializer>();

    private static ServiceProvider Services(string connectionString, string environment, string provider = "Sqlite")
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = connectionString,
                ["Database:Provider"] = provider,
            })
            .Build();
        var env = new TestEnvironment(environment);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(env);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ShopSettings>();
        services.AddSingleton(new ShopClock(TimeProvider.System, new ShopSettings().ResolveTimeZone()));
        services.AddReshipData(configuration, env);
        return services.BuildServiceProvider();
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "ReshipDashboard";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// A SQLite file of its own for each test, served by the app's data services as the app composes them (EF's pool of
/// contexts, each keeping its connection open), migrated on demand.
/// </summary>
public abstract class PooledDatabase : IAsyncLifetime
{
    protected string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "reship-tests", $"pool-{Guid.NewGuid():N}.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(DatabasePath + suffix);
        return Task.CompletedTask;
    }

    /// <summary>Saves one product through a context of the pool, and hands the context back.</summary>
    protected static async Task AddProductAsync(IDbContextFactory<ReshipDbContext> factory, string sku, string name)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.Products.Add(new Product(sku, name, 100, DateTime.UtcNow));
        await db.SaveChangesAsync();
    }

    protected async Task<ServiceProvider> MigratedAsync(string? synchronous = null)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Default"] = $"Data Source={DatabasePath}" };
        if (synchronous is not null) settings["Database:SqliteSynchronous"] = synchronous;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var environment = new Environment();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(environment);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ShopSettings>();
        services.AddSingleton(new ShopClock(TimeProvider.System, new ShopSettings().ResolveTimeZone()));
        services.AddReshipData(configuration, environment);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return provider;
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "ReshipDashboard";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

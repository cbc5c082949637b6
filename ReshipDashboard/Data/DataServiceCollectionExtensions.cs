using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data.Seeding;

namespace ReshipDashboard.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// SQLite by default under the app's App_Data folder — the demo shop in `reship.db`, any other environment's shop in
    /// `shop.db`, so a Production start never opens the demo data — or `ConnectionStrings:Default`.
    /// </summary>
    public static IServiceCollection AddReshipData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = ResolveConnectionString(configuration, environment);
        services.AddSingleton<VersionInterceptor>();
        services.AddDbContextFactory<ReshipDbContext>((sp, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(sp.GetRequiredService<VersionInterceptor>()));
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddSingleton<DemoShopSeeder>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService<DatabaseStartup>();
        return services;
    }

    public static string ResolveConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString("Default");
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={Path.Combine(environment.ContentRootPath, "App_Data", environment.IsDevelopment() ? "reship.db" : "shop.db")}"
            : configured);
        if (!configured?.Contains("Timeout", StringComparison.OrdinalIgnoreCase) ?? true)
            builder.DefaultTimeout = 30;
        return builder.ToString();
    }
}

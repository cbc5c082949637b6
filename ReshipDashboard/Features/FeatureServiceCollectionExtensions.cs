using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Home;
using ReshipDashboard.Features.Settings.ApiKeys;
using ReshipDashboard.Features.Settings.Audit;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features;

public static class FeatureServiceCollectionExtensions
{
    public static IServiceCollection AddReshipFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShopSettings>().Bind(configuration.GetSection(ShopSettings.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ShopClock(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ShopSettings>>().Value.ResolveTimeZone()));
        services.AddScoped<CurrentActor>();
        services.AddScoped<AccessGuard>();

        services.AddScoped<DashboardService>();
        services.AddScoped<OrderService>();
        services.AddSingleton<ReissuePipeline>();
        services.AddSingleton<WaybillSignal>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<AuditLogService>();
        return services;
    }

    public static IEndpointRouteBuilder MapReshipFeatures(this IEndpointRouteBuilder app) => app;
}

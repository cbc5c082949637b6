using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.AfterSales;
using ReshipDashboard.Features.Catalog;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Home;
using ReshipDashboard.Features.Reports;
using ReshipDashboard.Features.Settings.FreightRates;
using ReshipDashboard.Features.Security;
using ReshipDashboard.Features.Settings.Accounts;
using ReshipDashboard.Features.Settings.ApiKeys;
using ReshipDashboard.Features.Settings.Audit;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Shipments;

namespace ReshipDashboard.Features;

public static class FeatureServiceCollectionExtensions
{
    public static IServiceCollection AddReshipFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShopSettings>().Bind(configuration.GetSection(ShopSettings.Section));
        // Configuration gives the defaults; the owner's stored values take their place (Settings › Shop).
        services.AddSingleton<Settings.Shop.ShopSettingsStore>();
        services.AddSingleton<IOptions<ShopSettings>>(sp => sp.GetRequiredService<Settings.Shop.ShopSettingsStore>());
        services.AddScoped<Settings.Shop.ShopSettingsService>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ShopClock(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptionsMonitor<ShopSettings>>().CurrentValue.ResolveTimeZone()));
        services.AddScoped<CurrentActor>();
        services.AddScoped<AccessGuard>();

        services.AddScoped<DashboardService>();
        services.AddSingleton<DashboardHistory>();
        services.AddScoped<OrderService>();
        services.AddSingleton<ReissuePipeline>();
        services.AddSingleton<WaybillSignal>();
        services.AddScoped<OrderIntakeService>();
        services.AddScoped<ProductCatalogService>();
        services.AddScoped<CourierEventService>();
        services.AddScoped<AfterSaleService>();
        services.AddOptions<WaybillOptions>().Bind(configuration.GetSection(WaybillOptions.Section));
        services.AddSingleton<IWaybillProvider, SimulatedWaybillProvider>();
        services.AddSingleton<WaybillDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WaybillDispatcher>());
        services.AddScoped<ReissueService>();
        services.AddReshipRequests();
        services.AddScoped<CreateReissueService>();
        services.AddScoped<TrackingUploadService>();
        services.AddScoped<Warehouse.Orders.Reissues.Printing.ReissuePrintService>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<AuditLogService>();
        services.TryAddSingleton<SessionRevocations>();
        services.AddScoped<AccountService>();
        services.AddScoped<FreightRateService>();
        services.AddScoped<ReissueCostReportService>();
        services.AddScoped<ReshipSlaReportService>();
        services.AddHostedService<DevelopmentExposureWarning>();
        return services;
    }

    public static IEndpointRouteBuilder MapReshipFeatures(this IEndpointRouteBuilder app)
    {
        app.MapReissueExport();
        app.MapReportExports();
        return app;
    }
}

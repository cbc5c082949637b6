namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>补寄申请's services, one per job, with the change notifier and the deadline job that drive the queue.</summary>
public static class ReshipRequestsSetup
{
    public static IServiceCollection AddReshipRequests(this IServiceCollection services)
    {
        services.AddScoped<ReshipRequestWriter>();
        services.AddScoped<ReshipPlatformService>();
        services.AddScoped<ReshipDecisionService>();
        services.AddScoped<ReshipDeadlineJob>();
        services.AddScoped<ReshipQueryService>();
        services.AddSingleton<ReshipRequestChanges>();
        services.AddHostedService<ReshipChangeWatcher>();
        services.AddSingleton<ReshipDeadlineService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReshipDeadlineService>());
        return services;
    }
}

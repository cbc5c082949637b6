using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

/// <summary>The dispatcher as the app runs it: woken by the signal, or by its sweep on the app's clock.</summary>
public sealed class WaybillHostedTests
{
    [Fact]
    public async Task FirstReissue_GetsItsNumber_WhenTheSignalWakesTheDispatcher()
    {
        await using var app = new TestApp();
        var data = new ReissueFixtures(app.Db, app.Services.GetRequiredService<ReissuePipeline>(), app.Clock);
        var (orderId, _) = await data.InterceptedOrderAsync();
        var first = await data.CreateReissueAsync(orderId);

        app.Services.GetRequiredService<WaybillSignal>().Notify();

        await Eventually.WaitUntilAsync(async () => (await data.LoadAsync(first)).Status == ReissueStatus.Shipped, "the first reissue ships",
            betweenChecks: () => app.Clock.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.NotNull((await data.LoadAsync(first)).TrackingNo);
    }

    [Fact]
    public async Task FirstReissue_GetsItsNumber_OnTheNextSweep_WithoutASignal()
    {
        await using var app = new TestApp();
        var data = new ReissueFixtures(app.Db, app.Services.GetRequiredService<ReissuePipeline>(), app.Clock);
        var (orderId, _) = await data.InterceptedOrderAsync();
        var first = await data.CreateReissueAsync(orderId);

        await Eventually.WaitUntilAsync(async () => (await data.LoadAsync(first)).Status == ReissueStatus.Shipped,
            "the sweep numbers the first reissue", betweenChecks: () => app.Clock.Advance(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task FailingService_LeavesTheReissueWaiting_WithTheErrorShown()
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?> { ["Waybill:AlwaysFail"] = "true" });
        var data = new ReissueFixtures(app.Db, app.Services.GetRequiredService<ReissuePipeline>(), app.Clock);
        var (orderId, _) = await data.InterceptedOrderAsync();
        var first = await data.CreateReissueAsync(orderId);

        app.Services.GetRequiredService<WaybillSignal>().Notify();

        await Eventually.WaitUntilAsync(async () => (await data.LoadAsync(first)).WaybillError is not null, "the failure is recorded",
            betweenChecks: () => app.Clock.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(ReissueStatus.AwaitingTracking, (await data.LoadAsync(first)).Status);
    }
}

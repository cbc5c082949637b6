using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Home;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Home;

public sealed class DashboardWaybillCountTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task TheHomePage_CountsReissuesWhoseAutomaticNumberFailed()
    {
        var shopClock = new ShopClock(_clock, new ShopSettings().ResolveTimeZone());
        var data = new ReissueFixtures(_db, new ReissuePipeline(shopClock, Options.Create(new ShopSettings())), _clock);
        var (orderA, _) = await data.InterceptedOrderAsync();
        var failed = await data.CreateReissueAsync(orderA);
        var (orderB, _) = await data.InterceptedOrderAsync();
        await data.CreateReissueAsync(orderB);
        await using (var db = _db.CreateDbContext())
        {
            (await db.Reissues.FirstAsync(r => r.Id == failed)).RecordWaybillFailure(SimulatedWaybillProvider.FailureKey, _clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var snapshot = await new DashboardService(_db, shopClock, Options.Create(new ShopSettings()), new DashboardHistory()).GetAsync();

        Assert.Equal(1, snapshot.Counts.WaybillFailed);
        Assert.Equal(2, snapshot.Counts.ReissuesAwaitingTracking);
    }
}

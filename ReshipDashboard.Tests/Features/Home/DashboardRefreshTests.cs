using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Home;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Home;

/// <summary>
/// The home page's refresh reads its counts again only when something they count has changed, or when the clock has
/// reached the next moment a time-bound count moves; otherwise it keeps what it shows.
/// </summary>
public sealed class DashboardRefreshTests : IAsyncLifetime
{
    // 10:00 in Shanghai: the shop's day ends at 16:00 UTC.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private static readonly ShopSettings Settings = new() { ReissueShipWithin = TimeSpan.FromHours(2) };
    private TestDatabase _db = null!;
    private ReissueFixtures _data = null!;
    private DashboardService _dashboard = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var shopClock = new ShopClock(_clock, Settings.ResolveTimeZone());
        _data = new ReissueFixtures(_db, new ReissuePipeline(shopClock, Options.Create(Settings)), _clock);
        _dashboard = new DashboardService(_db, shopClock, Options.Create(Settings), new DashboardHistory());
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task NothingChanged_KeepsTheSnapshotShown()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        await _data.CreateReissueAsync(orderId);
        var shown = await _dashboard.GetAsync();

        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Same(shown, await _dashboard.RefreshAsync(shown));
    }

    [Fact]
    public async Task ASave_ThatChangesACount_IsReadAtTheNextRefresh()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        var shown = await _dashboard.GetAsync();
        Assert.Equal(1, shown.Counts.OrdersNeedingReissue);

        await _data.CreateReissueAsync(orderId);
        var next = await _dashboard.RefreshAsync(shown);

        Assert.NotSame(shown, next);
        Assert.Equal(0, next.Counts.OrdersNeedingReissue);
        Assert.Equal(1, next.Counts.ReissuesAwaitingTracking);
        Assert.Equal(1, next.Last30Days[^1].Reissues);
    }

    [Fact]
    public async Task AShipByPassing_IsTheNextMomentACountMoves_AndIsReadThen()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        await _data.CreateReissueAsync(orderId);
        var shown = await _dashboard.GetAsync();
        Assert.Equal(0, shown.Counts.ReissuesLate);
        // Ship-by two hours after creation: before the shop's day ends.
        Assert.Equal(Now + Settings.ReissueShipWithin, shown.ValidUntilUtc);

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Same(shown, await _dashboard.RefreshAsync(shown));

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var next = await _dashboard.RefreshAsync(shown);

        Assert.NotSame(shown, next);
        Assert.Equal(1, next.Counts.ReissuesLate);
    }

    [Fact]
    public async Task WithNothingTimeBound_TheSnapshotHoldsUntilTheShopsDayEnds()
    {
        var shown = await _dashboard.GetAsync();

        Assert.Equal(new DateTime(2026, 11, 26, 16, 0, 0, DateTimeKind.Utc), shown.ValidUntilUtc);
        _clock.Advance(TimeSpan.FromHours(14));
        var tomorrow = await _dashboard.RefreshAsync(shown);
        Assert.NotSame(shown, tomorrow);
        Assert.Equal(new DateOnly(2026, 11, 27), tomorrow.Last30Days[^1].Day);
    }

    [Fact]
    public async Task ABuyersModification_MovesTheDeadline_AndIsReadAtTheNextRefresh()
    {
        var (clock, key, pipeline) = (new ShopClock(_clock, Settings.ResolveTimeZone()), TestActors.KeyWith("platform"),
            new ReissuePipeline(new ShopClock(_clock, Settings.ResolveTimeZone()), Options.Create(Settings)));
        var writer = new ReshipRequestWriter(_db, pipeline, new WaybillSignal(), new ReshipRequestChanges(), key, clock, Options.Create(Settings));
        var platform = new ReshipPlatformService(_db, writer, pipeline, new ReshipRequestChanges(), key, clock);
        var orderNo = await TestData.CreateOrderAsync(_db, Now);
        var id = await platform.SubmitAsync(new ReshipInput(orderNo, ReshipReason.Damaged, "外箱破损", TestData.Address, null));
        var shown = await _dashboard.GetAsync();
        Assert.Equal(1, shown.Counts.PendingReshipRequests);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Same(shown, await _dashboard.RefreshAsync(shown));
        await platform.ModifyAsync(id, new ReshipInput(orderNo, ReshipReason.Damaged, "外箱破损，杯子碎了", TestData.Address, null));

        Assert.NotSame(shown, await _dashboard.RefreshAsync(shown));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

public sealed class WaybillDispatcherTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private readonly ScriptedProvider _provider = new();
    private TestDatabase _db = null!;
    private ReissuePipeline _pipeline = null!;
    private ReissueFixtures _data = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _pipeline = new ReissuePipeline(new ShopClock(_clock, new ShopSettings().ResolveTimeZone()), Options.Create(new ShopSettings()));
        _data = new ReissueFixtures(_db, _pipeline, _clock);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private WaybillDispatcher Dispatcher() => new(_db, _provider, _pipeline, new WaybillSignal(), _clock,
        new StaticOptions(new WaybillOptions()), NullLogger<WaybillDispatcher>.Instance);

    [Fact]
    public async Task Dispatcher_GivesTheFirstReissueItsNumber_InThePreferredCourier()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        var first = await _data.CreateReissueAsync(orderId, carrier: "YTO");

        var shipped = await Dispatcher().RunOnceAsync();

        var reissue = await _data.LoadAsync(first);
        Assert.Equal(1, shipped);
        Assert.Equal(ReissueStatus.Shipped, reissue.Status);
        Assert.Equal("YTO", reissue.Carrier);
        Assert.Matches(Courier.YTO.Pattern, reissue.TrackingNo!);
        Assert.Equal(reissue.TrackingNo, reissue.Shipment!.TrackingNo);
    }

    [Fact]
    public async Task Dispatcher_NeverNumbersASecondReissue()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        await Dispatcher().RunOnceAsync();

        var reissue = await _data.LoadAsync(second);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, reissue.Status);
        Assert.Null(reissue.TrackingNo);
        Assert.Equal(0, _provider.Calls);
    }

    [Fact]
    public async Task Dispatcher_OnFailure_LeavesTheReissueWaitingWithTheError_AndRetryNumbersIt()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        var first = await _data.CreateReissueAsync(orderId);
        _provider.Fail = true;

        await Dispatcher().RunOnceAsync();

        var failed = await _data.LoadAsync(first);
        Assert.Equal(ReissueStatus.AwaitingTracking, failed.Status);
        Assert.Equal(SimulatedWaybillProvider.FailureKey, failed.WaybillError);
        Assert.Equal(1, failed.WaybillAttempts);

        // A failed reissue waits for its next automatic try (a minute later) or someone's retry; a sweep before then leaves it alone.
        await Dispatcher().RunOnceAsync();
        Assert.Equal(1, _provider.Calls);

        _provider.Fail = false;
        var service = new ReissueService(_db, _pipeline, new ShopClock(_clock, new ShopSettings().ResolveTimeZone()), new WaybillSignal(), TestActors.Owner());
        await service.RetryWaybillAsync(first);
        await Dispatcher().RunOnceAsync();

        var shipped = await _data.LoadAsync(first);
        Assert.Equal(ReissueStatus.Shipped, shipped.Status);
        Assert.Null(shipped.WaybillError);
    }

    [Fact]
    public async Task Dispatcher_RetriesAFailedRequestByItself_After1_5_15And60Minutes_ThenLeavesItToAPerson()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        var first = await _data.CreateReissueAsync(orderId);
        _provider.Fail = true;
        await Dispatcher().RunOnceAsync();
        foreach (var minutes in new[] { 1, 5, 15, 60 })
        {
            var calls = _provider.Calls;
            _clock.Advance(TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(1));
            await Dispatcher().RunOnceAsync();
            Assert.Equal(calls, _provider.Calls);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Dispatcher().RunOnceAsync();
            Assert.Equal(calls + 1, _provider.Calls);
        }
        var waiting = await _data.LoadAsync(first);
        Assert.True(waiting.WaybillNeedsPerson);
        _clock.Advance(TimeSpan.FromDays(1));
        await Dispatcher().RunOnceAsync();
        Assert.Equal(5, _provider.Calls);
    }

    [Fact]
    public async Task Dispatcher_ARetryThatSucceeds_ShipsTheReissue()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        var first = await _data.CreateReissueAsync(orderId);
        _provider.Fail = true;
        await Dispatcher().RunOnceAsync();
        _provider.Fail = false;

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Dispatcher().RunOnceAsync();

        var shipped = await _data.LoadAsync(first);
        Assert.Equal(ReissueStatus.Shipped, shipped.Status);
        Assert.Null(shipped.WaybillError);
        Assert.Null(shipped.NextWaybillAttemptAtUtc);
    }

    [Fact]
    public async Task Dispatcher_WhenTheNumberIsTaken_AsksForAnother()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        var (otherOrder, _) = await _data.InterceptedOrderAsync();
        var other = await _data.CreateReissueAsync(otherOrder);
        var taken = await _data.ShipAsync(other, Courier.ZTO, automatic: false);
        var first = await _data.CreateReissueAsync(orderId, carrier: "ZTO");
        _provider.Queue.Enqueue(taken);

        await Dispatcher().RunOnceAsync();

        var reissue = await _data.LoadAsync(first);
        Assert.Equal(ReissueStatus.Shipped, reissue.Status);
        Assert.NotEqual(taken, reissue.TrackingNo);
        Assert.Equal(2, _provider.Calls);
    }

    private sealed class ScriptedProvider : IWaybillProvider
    {
        public bool Fail { get; set; }
        public int Calls { get; private set; }
        public Queue<string> Queue { get; } = new();

        public Task<string> IssueAsync(Courier courier, string reissueNo, CancellationToken cancellationToken)
        {
            Calls++;
            if (Fail) throw new WaybillException(SimulatedWaybillProvider.FailureKey);
            return Task.FromResult(Queue.TryDequeue(out var n) ? n : TrackingNumberFactory.Create(courier, Random.Shared));
        }
    }

    private sealed class StaticOptions(WaybillOptions value) : IOptionsMonitor<WaybillOptions>
    {
        public WaybillOptions CurrentValue => value;
        public WaybillOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<WaybillOptions, string?> listener) => null;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.AfterSales;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Shipments;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features;

/// <summary>The feature services over a migrated database of their own and a fake clock, without the web host.</summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    private int _tracking;

    private ServiceHarness(TestDatabase database)
    {
        Database = database;
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
        ShopClock = new ShopClock(Clock, Settings.Value.ResolveTimeZone());
        Pipeline = new ReissuePipeline(ShopClock, Settings);
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; }
    public ShopClock ShopClock { get; }
    public IOptions<ShopSettings> Settings { get; } = Options.Create(new ShopSettings());
    public ReissuePipeline Pipeline { get; }
    public WaybillSignal Waybill { get; } = new();
    public CurrentActor Actor { get; } = TestActors.Of(global::ReshipDashboard.Domain.Common.Actor.ApiKey("test"));

    public static async Task<ServiceHarness> CreateAsync()
    {
        var harness = new ServiceHarness(await TestDatabase.CreateAsync());
        await using var db = harness.Database.CreateDbContext();
        db.Products.Add(new Product("SKU-A", "保温杯 500ml", 1990, harness.ShopClock.UtcNow));
        await db.SaveChangesAsync();
        return harness;
    }

    public OrderIntakeService Orders() => new(Database, ShopClock, Actor);
    public CourierEventService CourierEvents() => new(Database, ShopClock, Actor);
    public AfterSaleService AfterSales() => new(Database, ShopClock, Actor, Pipeline, Waybill, Settings);

    public string NextSfNumber() => $"SF2{Interlocked.Increment(ref _tracking) + 100000000000L:D12}";

    public Task<global::ReshipDashboard.Domain.Orders.Order> CreateOrderAsync() => Orders().CreateAsync(new NewOrder(null, "张三", "13812345678",
        new Address("张三", "13812345678", "浙江省", "杭州市", "西湖区", "文三路 100 号"), [new NewOrderItem("SKU-A", null, 2, 1990)], null));

    /// <summary>An order shipped with SF and then stopped by the given courier event.</summary>
    public async Task<(string OrderNo, string TrackingNo)> CreateStoppedOrderAsync(ShipmentStatus stop)
    {
        var order = await CreateOrderAsync();
        var number = NextSfNumber();
        await Orders().ShipAsync(order.OrderNo, "SF", number);
        await CourierEvents().ApplyAsync(Courier.SF, number, stop, null);
        return (order.OrderNo, number);
    }

    public async Task<int> ReissueCountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Reissues.CountAsync();
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

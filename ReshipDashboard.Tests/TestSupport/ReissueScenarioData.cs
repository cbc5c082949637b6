using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>Orders in each reissue situation, built through the domain and saved directly.</summary>
public static class ReissueScenarioData
{
    private static int _counter;

    public static string NewOrderNo() => $"261126-{Interlocked.Increment(ref _counter) + Random.Shared.NextInt64(100_000_000_000_000, 899_999_999_999_999):D15}";

    public static Address SomeAddress() => new("张三", "13812345678", "浙江省", "杭州市", "西湖区", "文三路 100 号");

    public static Order NewOrder(DateTime now, string? orderNo = null) =>
        new(orderNo ?? NewOrderNo(), new Buyer("张三", "13812345678"), SomeAddress(),
            [new OrderItem("SKU-A", "保温杯", 2, 1990), new OrderItem("SKU-B", "杯套", 1, 500)], now.AddDays(-3), now.AddDays(-3));

    /// <summary>The catalogue entries of the test orders' SKUs, added once per database.</summary>
    private static async Task EnsureProductsAsync(ReshipDbContext db, DateTime now)
    {
        foreach (var (sku, name, price) in new[] { ("SKU-A", "保温杯", 1990L), ("SKU-B", "杯套", 500L) })
        {
            if (!await db.Products.AnyAsync(p => p.Sku == sku)) db.Products.Add(new Product(sku, name, price, now));
        }
    }

    /// <summary>A shipped order whose original parcel ended in <paramref name="stop"/> (null: still moving).</summary>
    public static async Task<Order> AddShippedAsync(IDbContextFactory<ReshipDbContext> factory, DateTime now, ShipmentStatus? stop,
        string? trackingNo = null)
    {
        await using var db = await factory.CreateDbContextAsync();
        var order = NewOrder(now);
        var parcel = order.Ship(Courier.ZTO, trackingNo ?? NewTracking(Courier.ZTO), now.AddDays(-2));
        if (stop is { } s)
        {
            parcel.ApplyCourierEvent(s, now.AddDays(-1), now.AddDays(-1));
            order.OnShipmentChanged(parcel, now.AddDays(-1));
        }
        await EnsureProductsAsync(db, now);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order;
    }

    public static async Task<Order> AddUnshippedAsync(IDbContextFactory<ReshipDbContext> factory, DateTime now)
    {
        await using var db = await factory.CreateDbContextAsync();
        var order = NewOrder(now);
        await EnsureProductsAsync(db, now);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order;
    }

    public static async Task<List<ReissueOrder>> AddReissuesAsync(IDbContextFactory<ReshipDbContext> factory, string orderNo, DateTime now, int count)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await AddReissuesAsync(factory, await db.Orders.Where(o => o.OrderNo == orderNo).Select(o => o.Id).SingleAsync(), now, count);
    }

    /// <summary>
    /// Adds <paramref name="count"/> reissues (sequence 1 waits for its automatic number, later ones for a hand-entered one);
    /// those of a reship request each through an approved request.
    /// </summary>
    public static async Task<List<ReissueOrder>> AddReissuesAsync(IDbContextFactory<ReshipDbContext> factory, int orderId, DateTime now,
        int count, ReissueScenario scenario = ReissueScenario.ReshipRequest)
    {
        await using var db = await factory.CreateDbContextAsync();
        var order = await db.Orders.Include(o => o.Items).Include(o => o.Shipments).Include(o => o.Reissues).FirstAsync(o => o.Id == orderId);
        var date = new DateOnly(now.Year, now.Month, now.Day);
        var latest = await db.Reissues.Where(r => r.ReissueNo.StartsWith(ReissueNumber.Prefix(date)))
            .OrderByDescending(r => r.ReissueNo).Select(r => r.ReissueNo).FirstOrDefaultAsync();
        var counter = ReissueNumber.NextCounter(latest);
        var created = new List<ReissueOrder>();
        for (var i = 0; i < count; i++)
        {
            var number = ReissueNumber.Format(date, counter++);
            created.Add(scenario == ReissueScenario.ReshipRequest
                ? ReshipTestData.ApprovedRequestReissue(order, number, now, Unlimited)
                : order.CreateReissue(new ReissueRequest(scenario, ReissueSource.Manual), number, 100, TimeSpan.FromHours(48), now));
        }
        await db.SaveChangesAsync();
        return created;
    }

    private static readonly ShopSettings Unlimited = new() { MaxReissuesPerOrder = 100 };

    public static string NewTracking(Courier courier) => TrackingNumberFactory.Create(courier, Random.Shared);
}

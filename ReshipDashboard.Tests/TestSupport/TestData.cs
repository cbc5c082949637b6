using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// The tests' one builder of orders, parcels, reissues and reship requests: everything is built through the domain,
/// as the app does, and saved directly where a database is given.
/// </summary>
public static class TestData
{
    /// <summary>The product of the default order: one line of quantity 2.</summary>
    public const string Sku = "SKU-TEA-01";
    private static int _counter;

    public static Address Address => new("王小明", "13812345678", "浙江省", "杭州市", "西湖区", "文三路 100 号 3 幢 501");

    /// <summary>The one-line order of the reship-request tests.</summary>
    public static OrderItem[] Tea => [new(Sku, "西湖龙井 250g", 2, 12800)];

    /// <summary>A two-line order (SKU-A × 2, SKU-B × 1) for choosing part of an order.</summary>
    public static OrderItem[] CupAndSleeve => [new("SKU-A", "保温杯", 2, 1990), new("SKU-B", "杯套", 1, 500)];

    public static string NewOrderNo() =>
        $"261126-{500000000000000L + Environment.ProcessId % 1000 * 100000L + Interlocked.Increment(ref _counter):D15}";

    public static string NewTracking(Courier courier) => TrackingNumberFactory.Create(courier, Random.Shared);

    /// <summary>A paid order, not yet shipped.</summary>
    public static Order NewOrder(DateTime paidAtUtc, string? orderNo = null, IReadOnlyList<OrderItem>? items = null, Address? address = null)
    {
        address ??= Address;
        return new Order(orderNo ?? NewOrderNo(), new Buyer(address.Name, address.Phone), address, [.. items ?? Tea], paidAtUtc, paidAtUtc);
    }

    /// <summary>Ships the order's parcel (SF and a fresh number unless told) and, given <paramref name="stop"/>, lets the courier report it.</summary>
    public static Shipment Ship(Order order, DateTime atUtc, Courier? courier = null, string? trackingNo = null, ShipmentStatus? stop = null,
        DateTime? stoppedAtUtc = null)
    {
        courier ??= Courier.SF;
        var parcel = order.Ship(courier, trackingNo ?? NewTracking(courier), atUtc);
        if (stop is { } status)
        {
            var at = stoppedAtUtc ?? atUtc;
            parcel.ApplyCourierEvent(status, at, at);
            order.OnShipmentChanged(parcel, at);
        }
        return parcel;
    }

    /// <summary>An order paid three days before <paramref name="nowUtc"/>, shipped the next day with SF.</summary>
    public static Order ShippedOrder(DateTime nowUtc)
    {
        var order = NewOrder(nowUtc.AddDays(-3));
        Ship(order, nowUtc.AddDays(-2));
        return order;
    }

    /// <summary>A one-cup order whose ZTO parcel was intercepted the day before <paramref name="nowUtc"/>: a candidate for its first reissue.</summary>
    public static Order InterceptedOrder(DateTime nowUtc, string? trackingNo = null)
    {
        var order = NewOrder(nowUtc.AddDays(-3), items: [new OrderItem("SKU-1", "保温杯", 1, 5900)],
            address: new Address("张三", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 1 号"));
        Ship(order, nowUtc.AddDays(-2), Courier.ZTO, trackingNo, ShipmentStatus.Intercepted, nowUtc.AddDays(-1));
        return order;
    }

    /// <summary>Saves the order with the catalogue entries of its SKUs (added once per database).</summary>
    public static async Task<Order> SaveAsync(IDbContextFactory<ReshipDbContext> factory, Order order, DateTime nowUtc)
    {
        await using var db = await factory.CreateDbContextAsync();
        foreach (var item in order.Items)
        {
            if (!await db.Products.AnyAsync(p => p.Sku == item.Sku)) db.Products.Add(new Product(item.Sku, item.Name, item.UnitPrice, nowUtc));
        }
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order;
    }

    /// <summary>Saves a new shipped order and returns its order number.</summary>
    public static async Task<string> CreateOrderAsync(IDbContextFactory<ReshipDbContext> factory, DateTime nowUtc) =>
        (await SaveAsync(factory, ShippedOrder(nowUtc), nowUtc)).OrderNo;

    /// <summary>A saved two-line order shipped with ZTO whose parcel ended in <paramref name="stop"/> (null: still moving).</summary>
    public static Task<Order> AddShippedAsync(IDbContextFactory<ReshipDbContext> factory, DateTime now, ShipmentStatus? stop,
        string? trackingNo = null)
    {
        var order = NewOrder(now.AddDays(-3), items: CupAndSleeve);
        Ship(order, now.AddDays(-2), Courier.ZTO, trackingNo, stop, now.AddDays(-1));
        return SaveAsync(factory, order, now);
    }

    public static Task<Order> AddUnshippedAsync(IDbContextFactory<ReshipDbContext> factory, DateTime now) =>
        SaveAsync(factory, NewOrder(now.AddDays(-3), items: CupAndSleeve), now);

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
                ? ApprovedRequestReissue(order, number, now, Unlimited)
                : order.CreateReissue(new ReissueRequest(scenario, ReissueSource.Manual), number, 100, TimeSpan.FromHours(48), now));
        }
        await db.SaveChangesAsync();
        return created;
    }

    private static readonly ShopSettings Unlimited = new() { MaxReissuesPerOrder = 100 };

    /// <summary>
    /// The real path to a reship request's reissue, at the domain level: the buyer's request for the whole order
    /// (an after-sale opened with it), approved by support, which creates the reissue. Save the order to keep all three.
    /// </summary>
    public static ReissueOrder ApprovedRequestReissue(Order order, string reissueNo, DateTime nowUtc, ShopSettings? settings = null,
        Address? address = null)
    {
        settings ??= new ShopSettings();
        var afterSale = order.OpenAfterSale(AfterSaleType.Reship, ReshipReason.Damaged.ChineseText(), null, nowUtc);
        var items = order.Items.Select(i => new LineItem(i.Sku, i.Name, i.Quantity)).ToList();
        var request = new ReshipRequest(order, afterSale, new ReshipContent(ReshipReason.Damaged, null, address ?? order.Address, items), nowUtc, settings);
        return request.Approve(nowUtc, Actor.Person("support"), reissueNo, settings);
    }

    /// <summary>A request on a new shipped order brought to <paramref name="status"/> the way it happens: through its own transitions, in its first hour.</summary>
    public static ReshipRequest RequestIn(ReshipStatus status, DateTime startUtc)
    {
        var settings = new ShopSettings();
        var order = ShippedOrder(startUtc);
        var afterSale = order.OpenAfterSale(AfterSaleType.Reship, "破损", null, startUtc);
        var r = new ReshipRequest(order, afterSale,
            new ReshipContent(ReshipReason.Damaged, "收到时外箱破损", Address, [new LineItem(Sku, "西湖龙井 250g", 1)]), startUtc, settings);
        var t = startUtc.AddHours(1);
        var support = Actor.Person("support");
        switch (status)
        {
            case ReshipStatus.Pending: break;
            case ReshipStatus.PlatformReview: r.Escalate(t, settings); break;
            case ReshipStatus.Approved: r.Approve(t, support, "BF261126000001", settings); break;
            case ReshipStatus.Shipped: r.Approve(t, support, "BF261126000001", settings); r.MarkShipped(t); break;
            case ReshipStatus.Completed: r.Approve(t, support, "BF261126000001", settings); r.MarkShipped(t); r.ConfirmReceipt(t); break;
            case ReshipStatus.Rejected: r.Reject(RejectionReason.Other, "不符合补寄条件", t, support); break;
            case ReshipStatus.Withdrawn: r.Withdraw(t); break;
            case ReshipStatus.Closed: r.Escalate(t, settings); r.Decide(PlatformOutcome.Merchant, t); break;
        }
        return r;
    }

    /// <summary>The JSON body of POST /reship-requests for an order.</summary>
    public static object Body(string orderNo, string reason = "damaged", string? description = "收到时外箱破损", object? items = null) => new
    {
        orderNo,
        reason,
        description,
        address = new { name = "王小明", phone = "13812345678", province = "浙江省", city = "杭州市", district = "西湖区", detail = "文三路 100 号 3 幢 501" },
        items,
    };
}

using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>Orders for reship-request tests, built through the domain: one product of quantity 2, shipped with SF.</summary>
public static class ReshipTestData
{
    public const string Sku = "SKU-TEA-01";
    private static int _counter;

    public static Address Address => new("王小明", "13812345678", "浙江省", "杭州市", "西湖区", "文三路 100 号 3 幢 501");

    public static Order NewOrder(DateTime nowUtc, bool shipped = true)
    {
        var n = Interlocked.Increment(ref _counter);
        var orderNo = $"261126-{(500000000000000L + (Environment.ProcessId % 1000) * 100000L + n):D15}";
        var order = new Order(orderNo, new Buyer("王小明", "13812345678"), Address,
            [new OrderItem(Sku, "西湖龙井 250g", 2, 12800)], nowUtc.AddDays(-3), nowUtc.AddDays(-3));
        if (shipped) order.Ship(Courier.SF, $"SF1{(100000000000L + (Environment.ProcessId % 1000) * 1000000L + n):D12}", nowUtc.AddDays(-2));
        return order;
    }

    /// <summary>Saves a new shipped order (and the product, once) and returns its order number.</summary>
    public static async Task<string> CreateOrderAsync(IDbContextFactory<ReshipDbContext> factory, DateTime nowUtc)
    {
        await using var db = await factory.CreateDbContextAsync();
        if (!await db.Products.AnyAsync(p => p.Sku == Sku)) db.Products.Add(new Product(Sku, "西湖龙井 250g", 12800, nowUtc));
        var order = NewOrder(nowUtc);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.OrderNo;
    }

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
        var order = NewOrder(startUtc);
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

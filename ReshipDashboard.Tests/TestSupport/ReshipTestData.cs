using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shipments;

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

using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders;

/// <summary>
/// The order page is read once per visit: the order read while prerendering travels with the page to the interactive
/// render, which shows it without reading it again.
/// </summary>
[Trait("Category", "Component")]
public sealed class OrderDetailPageTests : MudTestContext
{
    [Fact]
    public async Task Prerendering_HandsTheOrderOn()
    {
        var orderNo = await TestData.CreateOrderAsync(Services.GetRequiredService<IDbContextFactory<ReshipDashboard.Data.ReshipDbContext>>(), Clock.GetUtcNow().UtcDateTime);
        RenderProviders();
        var page = Render<OrderDetailPage>(p => p.Add(x => x.OrderNo, orderNo));
        page.WaitForAssertion(() => Assert.Contains(orderNo, page.Markup));

        PersistentState.TriggerOnPersisting();

        Assert.True(PersistentState.TryTake<OrderDetail>(OrderDetailPage.PersistKey, out var handed));
        Assert.Equal(orderNo, handed!.OrderNo);
    }

    [Fact]
    public void TheInteractiveRender_ShowsTheHandedOrder_WithoutReadingIt()
    {
        // An order the database does not have: reading it would say "not found".
        const string orderNo = "261126-000000000000777";
        PersistentState.Persist(OrderDetailPage.PersistKey, Detail(orderNo));
        RenderProviders();

        var page = Render<OrderDetailPage>(p => p.Add(x => x.OrderNo, orderNo));

        page.WaitForAssertion(() => Assert.Contains("预渲染买家", page.Markup));
        Assert.Empty(page.FindAll("[data-testid='order-not-found']"));
    }

    [Fact]
    public void AHandedOrderOfAnotherNumber_IsNotShown()
    {
        PersistentState.Persist(OrderDetailPage.PersistKey, Detail("261126-000000000000777"));
        RenderProviders();

        var page = Render<OrderDetailPage>(p => p.Add(x => x.OrderNo, "261126-000000000000778"));

        page.WaitForAssertion(() => Assert.Contains("未找到订单 261126-000000000000778", page.Find("[data-testid='order-not-found']").TextContent));
        Assert.DoesNotContain("预渲染买家", page.Markup);
    }

    private static OrderDetail Detail(string orderNo) => new(
        1, orderNo, OrderStatus.AwaitingShipment, new DateTime(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc), "预渲染买家", "138****1234",
        new Address("预渲染买家", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 1 号"),
        [new OrderItemView("SKU-1", "商品", 1, 1000)], [], [], [], false, false);
}

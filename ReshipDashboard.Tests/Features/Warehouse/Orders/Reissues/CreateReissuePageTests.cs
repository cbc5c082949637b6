using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

/// <summary>
/// Opened with an order number (from the order page), the create page finds the order once per visit: what
/// prerendering found travels with the page to the interactive render.
/// </summary>
[Trait("Category", "Component")]
public sealed class CreateReissuePageTests : MudTestContext
{
    private IRenderedComponent<CreateReissuePage> RenderFor(string orderNo)
    {
        RenderProviders();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"warehouse/orders/reissues/create?orderNo={orderNo}");
        return Render<CreateReissuePage>();
    }

    [Fact]
    public async Task Prerendering_HandsTheFoundOrderOn()
    {
        var order = await TestData.AddShippedAsync(Database, Clock.GetUtcNow().UtcDateTime, ShipmentStatus.Intercepted);
        var page = RenderFor(order.OrderNo);
        page.WaitForAssertion(() => Assert.Contains("data-testid=\"scenario-intercepted\"", page.Markup));

        PersistentState.TriggerOnPersisting();

        Assert.True(PersistentState.TryTake<ReissueCandidate>(CreateReissuePage.PersistKey, out var handed));
        Assert.Equal(order.OrderNo, handed!.Order.OrderNo);
    }

    [Fact]
    public void TheInteractiveRender_ShowsTheHandedOrder_WithoutLookingItUp_AndTranslatesItsRefusals()
    {
        // An order the database does not have: looking it up would say "not found".
        const string orderNo = "261126-000000000000777";
        PersistentState.Persist(CreateReissuePage.PersistKey, Candidate(orderNo));

        var page = RenderFor(orderNo);

        page.WaitForAssertion(() => Assert.Contains("预渲染买家", page.Markup));
        Assert.Contains("订单尚未发货，不能补发（当前状态为待发货）", page.Markup);
        Assert.DoesNotContain("未找到订单", page.Markup);
    }

    [Fact]
    public void AHandedOrderOfAnotherNumber_IsLookedUpAfresh()
    {
        PersistentState.Persist(CreateReissuePage.PersistKey, Candidate("261126-000000000000777"));

        var page = RenderFor("261126-000000000000778");

        page.WaitForAssertion(() => Assert.Contains("未找到订单 261126-000000000000778", page.Markup));
        Assert.DoesNotContain("预渲染买家", page.Markup);
    }

    private static ReissueCandidate Candidate(string orderNo) => new(
        new OrderDetail(1, orderNo, OrderStatus.AwaitingShipment, new DateTime(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc), "预渲染买家",
            "138****1234", new Address("预渲染买家", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 1 号"),
            [new OrderItemView("SKU-1", "商品", 1, 1000)], [], [], [], false, false),
        [.. CreateReissueService.ManualScenarios.Select(s => new ScenarioOption(s, null, "订单尚未发货，不能补发（当前状态为{0}）", ["awaiting_shipment"]))]);
}

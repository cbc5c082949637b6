using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Data.Seeding;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders;

[Trait("Category", "Component")]
public sealed class OrdersPageTests : MudTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Services.AddSingleton<DemoShopSeeder>();
        Services.AddOptions<SeedOptions>();
        await Services.GetRequiredService<DemoShopSeeder>().SeedAsync(120, 5);
    }

    [Fact]
    public async Task Search_UnknownOrderNumber_SaysNotFound_EchoingTheNumber()
    {
        RenderProviders();
        var page = Render<OrdersPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr a")));

        page.Find("#order-search").Input("261126-000000000000001");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("未找到订单 261126-000000000000001", page.Find("[data-testid='search-empty']").TextContent));
    }

    [Fact]
    public async Task Search_MalformedOrderNumber_ShowsInlineValidation()
    {
        RenderProviders();
        var page = Render<OrdersPage>();

        page.Find("#order-search").Input("261126-12345678901234567890");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("订单号格式应为", page.Markup));
        Assert.Empty(page.FindAll("[data-testid='search-empty']"));
    }

    [Fact]
    public async Task Search_TrackingNumberThatMatchesNothing_SaysSo()
    {
        RenderProviders();
        var page = Render<OrdersPage>();

        page.Find("#order-search").Input("YT9999999999999");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("没有物流单号为 YT9999999999999 的订单", page.Markup));
    }

    [Fact]
    public void OrderDetail_UnknownOrder_SaysNotFound()
    {
        RenderProviders();
        var page = Render<OrderDetailPage>(p => p.Add(x => x.OrderNo, "261126-000000000000009"));

        page.WaitForAssertion(() => Assert.Contains("未找到订单 261126-000000000000009", page.Find("[data-testid='order-not-found']").TextContent));
    }
}

using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

[Trait("Category", "Component")]
public sealed class UploadComponentsTests : MudTestContext
{
    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    private IRenderedComponent<CreateReissuePage> RenderCreatePage(string orderNo)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"warehouse/orders/reissues/create?orderNo={orderNo}");
        return Render<CreateReissuePage>();
    }

    [Fact]
    public async Task UploadPreview_ShowsEachRowsVerdictAndTheCounts()
    {
        var order = await TestData.AddShippedAsync(Database, Now, ShipmentStatus.Intercepted);
        var reissues = await TestData.AddReissuesAsync(Database, order.Id, Now, 2);
        var report = await Services.GetRequiredService<TrackingUploadService>().PreviewAsync(
        [
            new UploadRow(2, reissues[0].ReissueNo, "ZTO", "73123456780001"),
            new UploadRow(3, reissues[1].ReissueNo, "ZTO", "SF1234567890123"),
        ]);
        RenderProviders();

        var cut = Render<UploadPreview>(p => p.Add(c => c.Report, report));

        var counts = cut.Find("[data-testid=upload-counts]").TextContent;
        Assert.Contains("可发货 1", counts);
        Assert.Contains("拒绝 1", counts);
        var rows = cut.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("可发货", rows[0].TextContent);
        Assert.Contains("格式错误：物流单号不符合中通快递的格式，这看起来是顺丰速运的单号", rows[1].TextContent);
    }

    [Fact]
    public async Task CreatePage_ForAnOrderNeverShipped_ShowsWhyNoSituationCanBeChosen()
    {
        var order = await TestData.AddUnshippedAsync(Database, Now);
        RenderProviders();

        var cut = RenderCreatePage(order.OrderNo);

        cut.WaitForAssertion(() => Assert.Contains(order.OrderNo, cut.Find("[data-testid=order-card]").GetAttribute("data-order-no")));
        Assert.Contains("订单尚未发货，不能补发", cut.Find("[data-testid=scenario-intercepted]").TextContent);
        Assert.True(cut.Find("[data-testid=create-reissue]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task CreatePage_WhenTheParcelGetsCoveredMeanwhile_ShowsTheRefusalInline()
    {
        var order = await TestData.AddShippedAsync(Database, Now, ShipmentStatus.Intercepted);
        RenderProviders();
        var cut = RenderCreatePage(order.OrderNo);
        cut.WaitForElement("[data-testid=create-reissue]");
        await Services.GetRequiredService<CreateReissueService>().CreateAsync(
            new CreateReissueInput(order.OrderNo, global::ReshipDashboard.Domain.Reissues.ReissueScenario.Intercepted));

        await cut.Find("[data-testid=create-reissue]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("该包裹已有补发单覆盖，不能重复补发", cut.Find("[data-testid=create-refusal]").TextContent.Trim()));
    }

    [Fact]
    public async Task CreatePage_ForAnUnknownOrder_SaysSo()
    {
        RenderProviders();

        var cut = RenderCreatePage("261126-000000000000009");

        cut.WaitForAssertion(() => Assert.Contains("未找到订单 261126-000000000000009", cut.Find("[data-testid=lookup-refusal]").TextContent));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task CreatePage_OnSuccess_ShowsTheNumberAndWhetherItShipsAutomatically()
    {
        var order = await TestData.AddShippedAsync(Database, Now, ShipmentStatus.Returned);
        RenderProviders();
        var cut = RenderCreatePage(order.OrderNo);
        cut.WaitForElement("[data-testid=create-reissue]");

        await cut.Find("[data-testid=create-reissue]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.StartsWith("BF261126", cut.Find("[data-testid=created-reissue-no]").TextContent));
        Assert.Contains("第1次补发", cut.Find("[data-testid=reissue-created]").TextContent);
        Assert.Contains("自动获取", cut.Find("[data-testid=created-tracking-rule]").TextContent);
    }

    [Fact]
    public async Task CreatePage_WithAnEditedAddressThatIsInvalid_ShowsTheFieldError()
    {
        var order = await TestData.AddShippedAsync(Database, Now, ShipmentStatus.Intercepted);
        RenderProviders();
        var cut = RenderCreatePage(order.OrderNo);
        cut.WaitForElement("[data-testid=create-reissue]");

        cut.Find(".mud-switch input").Change(true);
        cut.WaitForElement("[data-testid=address-fields]");
        cut.FindAll("[data-testid=address-fields] input")[1].Change("12345");
        await cut.Find("[data-testid=create-reissue]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("手机号格式不正确", cut.Find("[data-testid=create-refusal]").TextContent));
        Assert.Contains("手机号格式不正确", cut.Find("[data-testid=address-fields]").TextContent);
        await using var db = Database.CreateDbContext();
        Assert.False(db.Reissues.Any());
    }
}

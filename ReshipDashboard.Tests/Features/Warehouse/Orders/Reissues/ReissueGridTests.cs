using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

[Trait("Category", "Component")]
public sealed class ReissueGridTests : MudTestContext
{
    private ReissueRow Row(int id, double hoursLeft, ReissueStatus status = ReissueStatus.AwaitingManualTracking)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        return new ReissueRow(id, $"BF261126{id:D6}", "261126-123456789012345", 2, ReissueSource.Manual, ReissueScenario.Intercepted,
            status, null, null, null, now.AddHours(hoursLeft - 48), now.AddHours(hoursLeft), null, now, false, null, null, Guid.NewGuid());
    }

    private IRenderedComponent<ReissueGrid> RenderGrid(params ReissueRow[] rows)
    {
        RenderProviders();
        return Render<ReissueGrid>(p => p.Add(g => g.Load,
            (_, _, _, _, _) => Task.FromResult(new PagedResult<ReissueRow>(rows, rows.Length))));
    }

    [Theory]
    [InlineData(30, "")]
    [InlineData(5, "due-amber")]
    [InlineData(-2, "due-red")]
    public void ARowsCountdown_TurnsAmberUnderSixHours_AndRedWhenLate(double hoursLeft, string expected)
    {
        var grid = RenderGrid(Row(1, hoursLeft));

        grid.WaitForAssertion(() => Assert.Equal(expected, grid.Find("[data-testid=ship-by]").ClassName ?? ""));
    }

    [Fact]
    public void AShippedRow_ShowsNoCountdown_AndOffersCorrectionNotCancel()
    {
        var grid = RenderGrid(Row(1, -5, ReissueStatus.Shipped));

        grid.WaitForAssertion(() => Assert.Contains("更正物流单号", grid.Markup));
        Assert.Empty(grid.FindAll("[data-testid=ship-by]"));
        Assert.DoesNotContain(">取消<", grid.Markup.Replace(" ", ""));
    }

    [Fact]
    public void AReshipRequestsReissue_OffersNoCancel()
    {
        var grid = RenderGrid(Row(1, 10) with { Source = ReissueSource.ReshipRequest, Scenario = ReissueScenario.ReshipRequest });

        grid.WaitForAssertion(() => Assert.Contains("填写物流单号", grid.Markup));
        Assert.Empty(grid.FindAll("button[aria-label^='取消']"));
    }

    [Fact]
    public void ForSupport_TheListIsReadOnly_OnlyTheTimelineIsOffered()
    {
        SignInAs(Roles.Support);

        var grid = RenderGrid(Row(1, 10), Row(2, 10, ReissueStatus.Shipped), Row(3, 10, ReissueStatus.AwaitingTracking) with { WaybillError = "超时" });

        grid.WaitForAssertion(() => Assert.Equal(3, grid.FindAll("button[aria-label^='时间线']").Count));
        Assert.Empty(grid.FindAll("button[aria-label^='填写物流单号']"));
        Assert.Empty(grid.FindAll("button[aria-label^='更正物流单号']"));
        Assert.Empty(grid.FindAll("button[aria-label^='重新获取单号']"));
        Assert.Empty(grid.FindAll("button[aria-label^='取消']"));
    }

    [Fact]
    public void ForWarehouse_EveryActionOfARowIsOffered()
    {
        SignInAs(Roles.Warehouse);

        var grid = RenderGrid(Row(1, 10), Row(2, 10, ReissueStatus.Shipped), Row(3, 10, ReissueStatus.AwaitingTracking) with { WaybillError = "超时" });

        grid.WaitForAssertion(() => Assert.NotEmpty(grid.FindAll("button[aria-label^='填写物流单号']")));
        Assert.Single(grid.FindAll("button[aria-label^='更正物流单号']"));
        Assert.Single(grid.FindAll("button[aria-label^='重新获取单号']"));
        Assert.NotEmpty(grid.FindAll("button[aria-label^='取消']"));
    }

    [Theory]
    [InlineData(Roles.Support, false)]
    [InlineData(Roles.Warehouse, true)]
    public void ThePage_OffersCreateUploadAndRapidEntry_OnlyToRolesThatShip(string role, bool offered)
    {
        SignInAs(role);
        RenderProviders();
        Services.GetRequiredService<NavigationManager>().NavigateTo("warehouse/orders/reissues?status=awaiting_manual_tracking");

        var page = Render<ReissuesPage>();

        page.WaitForAssertion(() => Assert.Contains("导出 CSV", page.Markup));
        Assert.Equal(offered, page.Markup.Contains("创建补发单", StringComparison.Ordinal));
        Assert.Equal(offered, page.Markup.Contains("批量上传物流单号", StringComparison.Ordinal));
        Assert.Equal(offered, page.Markup.Contains("连续录入模式", StringComparison.Ordinal));
        Assert.Equal(offered, page.Markup.Contains("导出为上传模板", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Roles.Warehouse, "13800001234")]
    [InlineData(Roles.Support, "138****1234")]
    public void ARow_SummarisesItsItems_AndItsDetailsSayWhatToPackAndWhere(string role, string phone)
    {
        SignInAs(role);
        var row = Row(1, 10) with
        {
            Items = [new("SKU-CUP", "保温杯", 1), new("SKU-TOWEL", "毛巾", 1)],
            Address = new("张三", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 1 号"),
            Remark = "易碎，轻放",
            PrintedAtUtc = Clock.GetUtcNow().UtcDateTime,
        };

        var grid = RenderGrid(row);

        grid.WaitForAssertion(() => Assert.Equal("保温杯 ×1 等 2 件", grid.Find("[data-testid=item-summary]").TextContent.Trim()));
        Assert.Equal(2, grid.FindAll("[data-testid=ship-item]").Count);
        Assert.Equal("张三", grid.Find("[data-testid=ship-recipient]").TextContent);
        Assert.Equal(phone, grid.Find("[data-testid=ship-phone]").TextContent);
        Assert.Equal("浙江省杭州市西湖区文三路 1 号", grid.Find("[data-testid=ship-address]").TextContent);
        Assert.Equal("易碎，轻放", grid.Find("[data-testid=ship-remark]").TextContent);
        Assert.Contains("已打印", grid.Find("[data-testid=printed-at]").TextContent);
    }

    [Fact]
    public void ThePrintButton_WithNothingSelected_SaysSo()
    {
        SignInAs(Roles.Warehouse);
        RenderProviders();
        var snackbars = Render<MudBlazor.MudSnackbarProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo("warehouse/orders/reissues?status=awaiting_manual_tracking");
        var page = Render<ReissuesPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=print-selected]")));

        page.Find("[data-testid=print-selected]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("请先选择要打印的补发单", snackbars.Markup));
    }
}

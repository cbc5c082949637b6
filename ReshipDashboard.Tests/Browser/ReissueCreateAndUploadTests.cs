using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ReissueCreateAndUploadTests(BrowserFixture browser)
{
    private async Task<string> InterceptedOrderNotYetCoveredAsync()
    {
        await using var db = browser.App.Db.CreateDbContext();
        var candidates = await db.Orders.AsSplitQuery().Include(o => o.Shipments).Include(o => o.Reissues)
            .Where(o => o.NeedsReissue).OrderBy(o => o.Id).ToListAsync();
        return candidates.First(o => o.FindReplaceableShipment(ReissueScenario.Intercepted) is not null && o.ActiveReissueCount < 10).OrderNo;
    }

    [Fact]
    public async Task Merchant_CreatesAReissueThroughTheMenuPath_ForAnInterceptedOrder()
    {
        var orderNo = await InterceptedOrderNotYetCoveredAsync();
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/");

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" });
        await nav.GetByRole(AriaRole.Link, new() { Name = "仓配订单", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/warehouse/orders$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("仓配订单");
        // 创建补发单 sits under 补发订单 in the menu; the breadcrumb shows the whole path.
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "补发订单", Exact = true })).ToBeVisibleAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "创建补发单", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/warehouse/orders/reissues/create$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("创建补发单");
        await Assertions.Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync(new Regex("仓配管理.*仓配订单.*补发订单.*创建补发单"));
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);

        await page.GetByLabel("原订单号").FillAsync(orderNo);
        await page.GetByRole(AriaRole.Button, new() { Name = "查找订单" }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=order-card][data-order-no='{orderNo}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=scenario-intercepted]")).ToContainTextAsync("替换包裹");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "reissue-create-form");

        await page.Locator("[data-testid=create-reissue]").ClickAsync();

        var created = page.Locator("[data-testid=reissue-created]");
        await Assertions.Expect(created).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=created-reissue-no]")).ToHaveTextAsync(new Regex(@"^BF\d{12}$"));
        await Assertions.Expect(created).ToContainTextAsync("次补发");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "reissue-create-done");

        var reissueNo = await page.Locator("[data-testid=created-reissue-no]").TextContentAsync();
        await using var db = browser.App.Db.CreateDbContext();
        var reissue = await db.Reissues.Include(r => r.Order).SingleAsync(r => r.ReissueNo == reissueNo);
        Assert.Equal(orderNo, reissue.Order.OrderNo);
        Assert.Equal(ReissueScenario.Intercepted, reissue.Scenario);
    }

    [Fact]
    public async Task Staff_UploadAFileWithOneBadRow_SeeThePerRowReportAndApplyTheRest()
    {
        var now = browser.App.Clock.GetUtcNow().UtcDateTime;
        var order = await TestData.AddShippedAsync(browser.App.Db, now, ShipmentStatus.Returned);
        var reissues = await TestData.AddReissuesAsync(browser.App.Db, order.Id, now, 3);
        var (good, bad) = (reissues[1].ReissueNo, reissues[2].ReissueNo);
        var number = "73" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString("D12");
        var csv = $"补发单号,快递公司,物流单号\r\n{good},中通快递,{number}\r\n{bad},中通快递,SF1234567890123\r\n";
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues/upload");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("批量上传物流单号");
        await Assertions.Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync("补发订单");

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "单号.csv", MimeType = "text/csv", Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)],
        });

        await Assertions.Expect(page.Locator("[data-testid=upload-counts]")).ToContainTextAsync("可发货 1");
        await Assertions.Expect(page.Locator("[data-testid=upload-counts]")).ToContainTextAsync("拒绝 1");
        await Assertions.Expect(page.Locator("[data-testid=verdict-row][data-row='3']")).ToContainTextAsync("这看起来是顺丰速运的单号");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "下载模板（CSV）" })).ToHaveAttributeAsync("download", "物流单号上传模板.csv");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=download-rejected]").ClickAsync());
        var rejectedFile = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(Encoding.UTF8.GetPreamble(), rejectedFile[..3]);
        Assert.Contains($"{bad},中通快递,SF1234567890123,3,", Encoding.UTF8.GetString(rejectedFile));
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "tracking-upload-preview");

        await page.Locator("[data-testid=apply-upload]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=upload-applied]")).ToContainTextAsync("已发货 1 单，未变 0 单，拒绝 1 行");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "tracking-upload-applied");
        await using var check = browser.App.Db.CreateDbContext();
        Assert.Equal(number, (await check.Reissues.SingleAsync(r => r.ReissueNo == good)).TrackingNo);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, (await check.Reissues.SingleAsync(r => r.ReissueNo == bad)).Status);
    }
}

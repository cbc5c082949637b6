using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ReshipRequestsPageTests(BrowserFixture browser)
{
    private const string QueuePath = "/after-sales/reship-requests";

    [Fact]
    public async Task Queue_ShowsPendingRequestsByDeadline_AndIsAccessible()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, QueuePath);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("补寄申请");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab).First).ToContainTextAsync("待处理");
        var rows = page.Locator("tr[data-request-id]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("处理时限设置")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "reship-requests-queue");
        await BrowserFixture.AssertAccessibleAsync(page);

        await rows.First.GetByRole(AriaRole.Button, new() { Name = "详情" }).ClickAsync();
        var detail = page.Locator("[data-testid=reship-detail]");
        await Assertions.Expect(detail).ToContainTextAsync("修改记录");
        await Assertions.Expect(detail).ToContainTextAsync("处理记录");
        await Assertions.Expect(detail).ToContainTextAsync("原包裹");
        await BrowserFixture.ScreenshotAsync(page, "reship-requests-detail");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Approve_CreatesALinkedReissueShownOnTheOrder()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, QueuePath);
        var row = page.Locator("tr[data-request-id]").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        var id = await row.GetAttributeAsync("data-request-id");
        var orderNo = (await row.Locator("a.mono").InnerTextAsync()).Trim();

        await row.GetByRole(AriaRole.Button, new() { Name = "同意", Exact = true }).ClickAsync();
        var same = page.Locator($"tr[data-request-id='{id}']");
        await Assertions.Expect(same).ToContainTextAsync("已同意待发货");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("已生成补发单");

        await page.GotoAsync($"/warehouse/orders/{orderNo}");
        await Assertions.Expect(page.Locator("[data-testid=reissue-row]").Filter(new() { HasText = "补寄申请" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Reject_WithAReasonAndANote_MovesTheRequestToRejected()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, QueuePath);
        var row = page.Locator("tr[data-request-id]").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        var id = await row.GetAttributeAsync("data-request-id");

        await row.GetByRole(AriaRole.Button, new() { Name = "拒绝", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("拒绝补寄申请");
        await dialog.Locator("[data-testid=reject-submit]").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("请选择拒绝原因");
        await BrowserFixture.AssertAccessibleAsync(page);

        await dialog.GetByText("商品无质量问题").ClickAsync();
        await dialog.Locator("#reject-note").FillAsync("已核实出库视频，商品完好发出");
        await dialog.Locator("[data-testid=reject-submit]").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"tr[data-request-id='{id}']")).ToContainTextAsync("已拒绝");
    }

    [Fact]
    public async Task RequestSubmittedThroughTheApi_AppearsInTheOpenQueue_AndUpdatesInPlaceWhenTheErpApprovesIt()
    {
        var orderNo = await TestData.CreateOrderAsync(browser.App.Db, browser.App.Clock.GetUtcNow().UtcDateTime);
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, QueuePath);
        await page.Locator("#reship-search").FillAsync(orderNo);
        await page.Locator("#reship-search").PressAsync("Enter");
        await Assertions.Expect(page.GetByText("没有符合条件的补寄申请")).ToBeVisibleAsync();

        var api = browser.App.CreateApiClient();
        var created = await api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo));
        created.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var row = page.Locator($"tr[data-request-id='{id}']");
        await Assertions.Expect(row).ToContainTextAsync(orderNo, new() { Timeout = 2000 });
        await Assertions.Expect(row).ToContainTextAsync("待商家处理");

        (await api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null)).EnsureSuccessStatusCode();
        await Assertions.Expect(row).ToContainTextAsync("已被他人处理", new() { Timeout = 2000 });
        await Assertions.Expect(row).ToContainTextAsync("已同意待发货");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "同意", Exact = true })).ToHaveCountAsync(0);
    }
}

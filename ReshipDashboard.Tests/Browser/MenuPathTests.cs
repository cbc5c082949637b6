using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class MenuPathTests(BrowserFixture browser)
{
    [Fact]
    public async Task Merchant_ClicksThroughTheWarehouseMenu_EachPageShowsItsBreadcrumb()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/");
        await BrowserFixture.ScreenshotAsync(page, "home-zh");
        await BrowserFixture.AssertAccessibleAsync(page);

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" });
        await nav.GetByRole(AriaRole.Link, new() { Name = "仓配订单", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/warehouse/orders$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("仓配订单");
        await Assertions.Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync("仓配管理");
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveSelector);
        await BrowserFixture.AssertAccessibleAsync(page);

        await nav.GetByRole(AriaRole.Link, new() { Name = "补发订单", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/warehouse/orders/reissues$"));
        await Assertions.Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync("仓配订单");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("补发订单");

        await nav.GetByRole(AriaRole.Link, new() { Name = "创建补发单", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/warehouse/orders/reissues/create$"));
        await Assertions.Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync("补发订单");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("创建补发单");

        await nav.GetByRole(AriaRole.Link, new() { Name = "补寄申请", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/after-sales/reship-requests$"));
        await Assertions.Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync("售后管理");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("补寄申请");
    }
}

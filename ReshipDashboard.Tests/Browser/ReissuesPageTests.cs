using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ReissuesPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Staff_EnterASecondReissuesNumberByHand_FromTheManualTab_AndItMovesToShipped()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues?status=awaiting_manual_tracking");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("补发订单");
        var row = page.Locator("tr.reissue-row").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^待手工发货") })).ToHaveAttributeAsync("aria-selected", "true");
        await BrowserFixture.AssertAccessibleAsync(page);

        var reissueNo = (await row.Locator("[data-testid=reissue-no]").InnerTextAsync()).Trim();
        await Assertions.Expect(row).ToContainTextAsync("第");
        await row.GetByRole(AriaRole.Button, new() { Name = $"填写物流单号 {reissueNo}" }).ClickAsync();
        var number = "78" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        var input = page.Locator("#tracking-number");
        await input.FillAsync(number);
        await BrowserFixture.AssertAccessibleAsync(page);
        await input.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#tracking-number")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=reissue-no]", new() { HasTextString = reissueNo })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^已发货") }).ClickAsync();
        await page.Locator("#filter-tracking").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("tr.reissue-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^已发货") })).ToHaveTextAsync("已发货 (1)");
        var shipped = page.Locator("tr.reissue-row", new() { HasTextString = reissueNo });
        await Assertions.Expect(shipped.Locator("[data-testid=reissue-status]")).ToHaveTextAsync("已发货");
        await Assertions.Expect(shipped.Locator("[data-testid=tracking-no]")).ToHaveTextAsync(number);
        await BrowserFixture.ScreenshotAsync(page, "reissues-shipped-by-hand");
        // The confirmation snackbar fades in; axe measures its colours once it is fully shown.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.mud-snackbar')].every(e => getComputedStyle(e).opacity === '1')");
        await BrowserFixture.AssertAccessibleAsync(page);
    }
}

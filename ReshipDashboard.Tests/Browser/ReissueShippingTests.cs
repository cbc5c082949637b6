using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

/// <summary>The warehouse's hand-shipping day: what to pack at 1440 px, printing slips, and the scanner-only loop.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReissueShippingTests(BrowserFixture browser)
{
    private const string ManualTab = BrowserFixture.ManualReissuesPath;

    private Task<List<string>> WaitingReissuesAsync(int count) => browser.WaitingReissuesAsync(count);

    [Theory]
    [InlineData("zh-CN", "填写物流单号")]
    [InlineData("en", "Enter tracking no.")]
    public async Task At1440And1024_TheListFits_TheRowsMainActionIsOnScreen_AndOpenDetailsAreNotCovered(string culture, string action)
    {
        var reissueNo = (await WaitingReissuesAsync(1))[0];
        var page = await browser.NewPageAsync(culture);
        foreach (var (width, height) in new[] { (1440, 900), (1024, 768) })
        {
            await page.SetViewportSizeAsync(width, height);
            await BrowserFixture.GotoInteractiveAsync(page, ManualTab);
            var row = page.Locator("tr.reissue-row", new() { HasTextString = reissueNo });
            await Assertions.Expect(row.Locator("[data-testid=item-summary]")).ToContainTextAsync("×");
            await AssertNoSidewaysScrollAsync(page, $"{width}px ({culture})");

            var button = row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^" + Regex.Escape(action)) });
            await button.ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(button).ToBeVisibleAsync();
            // Sideways is what matters: the whole button lies within the screen's width, with no horizontal scroll.
            var box = await button.BoundingBoxAsync();
            Assert.True(box!.X >= 0 && box.X + box.Width <= width, $"action at x={box.X} w={box.Width} on a {width}px screen");

            await row.Locator("[data-testid=item-summary]").ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid=ship-details]")).ToBeVisibleAsync();
            await Assertions.Expect(row.Locator("[data-testid=ship-phone]")).ToHaveTextAsync(new Regex(@"^1\d{10}$"));
            await AssertNoSidewaysScrollAsync(page, $"{width}px ({culture}) with a row's details open");
            var address = await row.Locator("[data-testid=ship-address]").BoundingBoxAsync();
            var actions = await row.Locator("td.actions-cell").BoundingBoxAsync();
            Assert.True(address!.X + address.Width <= actions!.X, $"the address (to x={address.X + address.Width}) runs under the actions (from x={actions.X})");
            await BrowserFixture.ScreenshotAsync(page, $"reissues-{width}-{culture}");
        }
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string when)
    {
        var overflow = await page.EvaluateAsync<int>(
            "() => { const c = document.querySelector('.reissue-grid .mud-table-container'); return c.scrollWidth - c.clientWidth; }");
        Assert.True(overflow <= 0, $"the 补发订单 grid scrolls sideways by {overflow}px at {when}");
    }

    [Fact]
    public async Task PrintingNothing_SaysSo()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, ManualTab);

        await page.Locator("[data-testid=print-selected]").ClickAsync();

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("请先选择要打印的补发单");
    }

    [Theory]
    [InlineData("zh-CN", "拣货单")]
    [InlineData("en", "Pick list")]
    public async Task PrintTwoSelected_GivesAPickListAndOneSlipEach_AndTheListShowsThemPrinted(string culture, string pickTitle)
    {
        var numbers = await WaitingReissuesAsync(2);
        var page = await browser.NewPageAsync(culture);
        await BrowserFixture.GotoInteractiveAsync(page, ManualTab);
        foreach (var number in numbers)
            await page.Locator("tr.reissue-row", new() { HasTextString = number }).Locator("[data-testid=select-row]").CheckAsync();

        await page.Locator("[data-testid=print-selected]").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/warehouse/orders/reissues/print"));
        await Assertions.Expect(page.Locator("[data-testid=pick-list] h1")).ToHaveTextAsync(pickTitle);
        await Assertions.Expect(page.Locator("[data-testid=slip]")).ToHaveCountAsync(2);
        Assert.Equal(numbers.Order(), (await page.Locator("[data-testid=slip]").EvaluateAllAsync<string[]>("e => e.map(x => x.dataset.reissueNo)")).Order());
        await Assertions.Expect(page.Locator("[data-testid=slip] .barcode svg")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=pick-line]").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, $"print-a4-{culture}");
        // One slip per printed page.
        Assert.Equal("page", await page.Locator("[data-testid=slip]").First.EvaluateAsync<string>("e => getComputedStyle(e).breakAfter"));

        await page.GetByRole(AriaRole.Link, new() { Name = culture == "en" ? "100×150 mm label" : "100×150 面单" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=print-run]")).ToHaveAttributeAsync("data-size", "label");
        await BrowserFixture.ScreenshotAsync(page, $"print-label-{culture}");

        await BrowserFixture.GotoInteractiveAsync(page, ManualTab);
        var printed = page.Locator("tr.reissue-row", new() { HasTextString = numbers[0] });
        await Assertions.Expect(printed.Locator("[data-testid=printed-at]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ScannerOnly_SlipThenWaybill_SavesIt_AndAnUnknownCodeKeepsTheScanBoxReady()
    {
        var reissueNo = (await WaitingReissuesAsync(1))[0];
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await BrowserFixture.GotoInteractiveAsync(page, ManualTab);
        await page.GetByRole(AriaRole.Switch, new() { Name = "连续录入模式" }).Or(page.GetByLabel("连续录入模式")).First.ClickAsync();
        var scan = page.Locator("[data-testid=scan-slip]");
        await Assertions.Expect(scan).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-testid=rapid-row][data-reissue-no={reissueNo}]")).ToHaveCountAsync(1);

        await scan.FocusAsync();
        await page.Keyboard.TypeAsync("BF000000000000");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=scan-message]")).ToContainTextAsync("未找到补发单 BF000000000000");
        await page.WaitForFunctionAsync("() => document.activeElement?.id === 'scan-slip' && document.activeElement.selectionEnd - document.activeElement.selectionStart === 14");

        await page.Keyboard.TypeAsync(reissueNo);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("tr.rapid-active")).ToHaveAttributeAsync("data-reissue-no", reissueNo);
        await page.WaitForFunctionAsync("() => document.activeElement?.closest('tr')?.classList.contains('rapid-active') === true");

        await page.Keyboard.TypeAsync("12345");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("tr.rapid-active")).ToContainTextAsync("太短");
        await page.WaitForFunctionAsync("() => document.activeElement?.value === '12345' && document.activeElement.selectionEnd - document.activeElement.selectionStart === 5");
        var waybill = "78" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        await page.Keyboard.TypeAsync(waybill);
        await page.Keyboard.PressAsync("Enter");

        var recent = page.Locator("[data-testid=recent-entry]").First;
        await Assertions.Expect(recent).ToContainTextAsync(waybill);
        await Assertions.Expect(recent).ToContainTextAsync(reissueNo);
        await page.WaitForFunctionAsync("() => document.activeElement?.id === 'scan-slip'");
        await BrowserFixture.ScreenshotAsync(page, "rapid-scan-loop");
        await BrowserFixture.AssertAccessibleAsync(page);
    }
}

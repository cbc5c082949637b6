using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

/// <summary>What a person sees when the server ends the page's circuit on an error, and that reloading brings the page back.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CircuitErrorTests(BrowserFixture browser)
{
    private const string Path = "/warehouse/orders/reissues";

    /// <summary>
    /// Breaks the browser's next update of a tab's selection, as a script in the page (a browser extension rewriting the
    /// page, say) can: the browser cannot apply the server's update, tells it so, and the server ends the circuit.
    /// </summary>
    private const string BreakTheNextTabUpdate = """
        () => {
            const setAttribute = Element.prototype.setAttribute;
            Element.prototype.setAttribute = function (name, value) {
                if (name === 'aria-selected') {
                    Element.prototype.setAttribute = setAttribute;
                    throw new Error('the page was changed under the dashboard');
                }
                return setAttribute.call(this, name, value);
            };
        }
        """;

    [Theory]
    [InlineData(null, "补发订单", "页面出错，已停止响应", "刷新页面", "circuit-error-zh")]
    [InlineData("en", "Reissue orders", "this page has stopped responding", "Reload the page", "circuit-error-en")]
    public async Task WhenTheServerEndsThePagesCircuit_ThePageSaysSoInItsLanguage_AndReloadingBringsItBack(
        string? culture, string heading, string message, string reload, string screenshot)
    {
        var page = await browser.NewPageAsync(culture);
        var banner = await EndTheCircuitAsync(page);
        await Assertions.Expect(banner).ToContainTextAsync(message);
        Assert.DoesNotMatch(culture is null ? "[A-Za-z]{3,}" : @"\p{IsCJKUnifiedIdeographs}", await banner.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        // The page under it stopped half-way through an update: only the banner is the page's to answer for now.
        await BrowserFixture.AssertAccessibleAsync(banner);

        // By keyboard: the focus has moved to the reload link; Enter reloads.
        await page.EvaluateAsync("() => window.beforeTheReload = true");
        await Assertions.Expect(banner.GetByRole(AriaRole.Link, new() { Name = reload })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForFunctionAsync(
            $"() => window.beforeTheReload === undefined && document.querySelector(\"{BrowserFixture.InteractiveMarker}\") !== null");
        // The same address: the list, on the tab that was clicked (its address had changed before the update failed).
        Assert.EndsWith(Path + "?status=all", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(banner).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab).Last).ToHaveAttributeAsync("aria-selected", "true");
        // A live circuit again: another tab answers.
        var firstTab = page.GetByRole(AriaRole.Tab).First;
        await firstTab.ClickAsync();
        await Assertions.Expect(firstTab).ToHaveAttributeAsync("aria-selected", "true");
    }

    [Fact]
    public async Task TheBanner_CanBeDismissed_ByKeyboard()
    {
        var page = await browser.NewPageAsync();
        var banner = await EndTheCircuitAsync(page);

        // From the reload link, where the focus is, one Tab to the dismiss button.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(banner.GetByRole(AriaRole.Button, new() { Name = "关闭" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(banner).ToBeHiddenAsync();
    }

    /// <summary>Opens the list, breaks the update a tab's click brings, and returns the banner, shown.</summary>
    private static async Task<ILocator> EndTheCircuitAsync(IPage page)
    {
        await BrowserFixture.GotoInteractiveAsync(page, Path);
        var banner = page.Locator("#blazor-error-ui");
        await Assertions.Expect(banner).ToHaveCountAsync(1);
        await Assertions.Expect(banner).ToBeHiddenAsync();

        await page.EvaluateAsync(BreakTheNextTabUpdate);
        var lastTab = page.GetByRole(AriaRole.Tab).Last;
        await lastTab.ClickAsync();

        await Assertions.Expect(banner).ToBeVisibleAsync();
        await Assertions.Expect(banner).ToHaveAttributeAsync("role", "alert");
        // The circuit is gone: the tab that was clicked never became the selected one.
        await Assertions.Expect(lastTab).ToHaveAttributeAsync("aria-selected", "false");
        return banner;
    }
}

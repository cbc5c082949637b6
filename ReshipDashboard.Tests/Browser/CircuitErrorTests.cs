using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

/// <summary>What a person sees when the server ends the page's circuit on an error, and that reloading brings the page back.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CircuitErrorTests(BrowserFixture browser)
{
    /// <summary>
    /// Clicks the page's first button with a click handler, sent with an event id the server never gave out (a stale or
    /// forged event): the server cannot handle it and ends the circuit. Returns false if no such button was found.
    /// </summary>
    private const string ClickWithAnUnknownEventId = """
        () => {
            for (const button of document.querySelectorAll('main button')) {
                const key = Object.keys(button).find(k => k.startsWith('_blazorEvents_'));
                const click = key && button[key].getHandler('click');
                if (!click) continue;
                click.eventHandlerId = 2147483000;
                button.click();
                return true;
            }
            return false;
        }
        """;

    [Theory]
    [InlineData(null, "补发订单", "页面出错，已停止响应", "刷新页面", "circuit-error-zh")]
    [InlineData("en", "Reissue orders", "this page has stopped responding", "Reload the page", "circuit-error-en")]
    public async Task WhenTheServerEndsThePagesCircuit_ThePageSaysSoInItsLanguage_AndReloadingBringsItBack(
        string? culture, string heading, string message, string reload, string screenshot)
    {
        var page = await browser.NewPageAsync(culture);
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        var banner = page.Locator("#blazor-error-ui");
        await Assertions.Expect(banner).ToBeHiddenAsync();

        Assert.True(await page.EvaluateAsync<bool>(ClickWithAnUnknownEventId), "no button with a click handler");

        await Assertions.Expect(banner).ToBeVisibleAsync();
        await Assertions.Expect(banner).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(banner).ToContainTextAsync(message);
        Assert.DoesNotMatch(culture is null ? "[A-Za-z]{3,}" : @"\p{IsCJKUnifiedIdeographs}", await banner.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        await BrowserFixture.AssertAccessibleAsync(page);

        // By keyboard: the reload link, focused, is followed with Enter; the page reloads where it was.
        var link = banner.GetByRole(AriaRole.Link, new() { Name = reload });
        await link.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);
        await Assertions.Expect(banner).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        // A live circuit again: a tab answers.
        var lastTab = page.GetByRole(AriaRole.Tab).Last;
        await lastTab.ClickAsync();
        await Assertions.Expect(lastTab).ToHaveAttributeAsync("aria-selected", "true");
    }

    [Fact]
    public async Task TheBanner_CanBeDismissed_ByKeyboard()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues");
        Assert.True(await page.EvaluateAsync<bool>(ClickWithAnUnknownEventId), "no button with a click handler");
        var banner = page.Locator("#blazor-error-ui");
        await Assertions.Expect(banner).ToBeVisibleAsync();

        await banner.GetByRole(AriaRole.Button, new() { Name = "关闭" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(banner).ToBeHiddenAsync();
    }
}

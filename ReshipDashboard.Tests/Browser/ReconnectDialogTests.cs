using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

/// <summary>What a person sees while the page's connection to the server is down, and that the page carries on after.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectDialogTests(BrowserFixture browser)
{
    private const string Negotiate = "**/_blazor/negotiate**";

    [Theory]
    [InlineData(null, "补发订单", "与服务器的连接已中断", "重新连接失败，将在", "秒后重试。", "reconnect-zh")]
    [InlineData("en", "Reissue orders", "The connection to the server was lost", "Rejoin failed. Trying again in", "seconds.", "reconnect-en")]
    public async Task WhileTheConnectionIsDown_TheDialogSpeaksThePagesLanguage_AndThePageCarriesOnOnceItIsBack(
        string? culture, string heading, string name, string before, string after, string screenshot)
    {
        var page = await browser.NewPageAsync(culture);
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);

        // The server stays out of reach until the route is lifted: every attempt to rejoin fails.
        await page.RouteAsync(Negotiate, route => route.AbortAsync());
        await page.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = name });
        var retrying = dialog.Locator(".components-reconnect-repeated-attempt-visible");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(retrying).ToBeVisibleAsync();
        await Assertions.Expect(retrying).ToContainTextAsync(before);
        await Assertions.Expect(retrying).ToContainTextAsync(after);
        // Nothing in the other language: no Latin words in Chinese, no Chinese characters in English.
        Assert.DoesNotMatch(culture is null ? "[A-Za-z]{3,}" : @"\p{IsCJKUnifiedIdeographs}", await dialog.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.UnrouteAsync(Negotiate);
        await Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("tr.reissue-row").First).ToBeVisibleAsync();
        // The same circuit answers a click again.
        var lastTab = page.GetByRole(AriaRole.Tab).Last;
        await lastTab.ClickAsync();
        await Assertions.Expect(lastTab).ToHaveAttributeAsync("aria-selected", "true");
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

/// <summary>What a person sees while the page's connection to the server is down, and that the page carries on after.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectDialogTests(BrowserFixture browser)
{
    private const string Negotiate = "**/_blazor/negotiate**";

    /// <summary>The texts and buttons of the dialog's other states: first attempt, failed, paused, resume failed.</summary>
    private static readonly string[] OtherStates =
    [
        ".components-reconnect-first-attempt-visible", ".components-reconnect-failed-visible",
        ".components-pause-visible", ".components-resume-failed-visible",
    ];

    [Theory]
    [InlineData(null, "与服务器的连接", "重新连接失败，将在", "秒后重试。", "reconnect-zh")]
    [InlineData("en", "Connection to the server", "Reconnection failed. Trying again in", "s.", "reconnect-en")]
    public async Task WhileTheConnectionIsDown_TheDialogSpeaksThePagesLanguage_AndTheSameCircuitCarriesOnOnceItIsBack(
        string? culture, string name, string before, string after, string screenshot)
    {
        var waiting = await browser.WaitingReissuesAsync(2);
        var (first, second) = (waiting[0], waiting[1]);
        var page = await browser.NewPageAsync(culture);
        await BrowserFixture.GotoInteractiveAsync(page, BrowserFixture.ManualReissuesPath);
        var printSelected = page.Locator("[data-testid=print-selected]");
        await Row(page, first).Locator("[data-testid=select-row]").CheckAsync();
        await Assertions.Expect(printSelected).ToHaveTextAsync(new Regex("[（(]1[）)]"));
        // Gone if the page were reloaded instead of rejoining.
        await page.EvaluateAsync("() => window.beforeTheDrop = true");

        // The server stays out of reach until the route is lifted: every attempt to reconnect fails.
        await page.RouteAsync(Negotiate, route => route.AbortAsync());
        await page.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = name });
        var retrying = dialog.Locator(".components-reconnect-repeated-attempt-visible");
        await Assertions.Expect(retrying).ToBeVisibleAsync();
        // Shown for real (it fades in), and only the retrying state's text.
        await Assertions.Expect(dialog).ToHaveCSSAsync("opacity", "1");
        await Assertions.Expect(retrying).ToContainTextAsync(before);
        await Assertions.Expect(retrying).ToContainTextAsync(after);
        var otherStates = dialog.Locator(string.Join(", ", OtherStates));
        await Assertions.Expect(otherStates).ToHaveCountAsync(6);
        foreach (var element in await otherStates.AllAsync()) await Assertions.Expect(element).ToBeHiddenAsync();
        // Nothing in the other language: no Latin words in Chinese, no Chinese characters in English.
        Assert.DoesNotMatch(culture is null ? "[A-Za-z]{3,}" : @"\p{IsCJKUnifiedIdeographs}", await dialog.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.UnrouteAsync(Negotiate);
        await Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 60_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.beforeTheDrop === true"), "the page was reloaded");
        // The circuit kept what was selected before the drop: a new one would count only the row ticked now.
        await Row(page, second).Locator("[data-testid=select-row]").CheckAsync();
        await Assertions.Expect(printSelected).ToHaveTextAsync(new Regex("[（(]2[）)]"));
    }

    private static ILocator Row(IPage page, string reissueNo) => page.Locator("tr.reissue-row", new() { HasTextString = reissueNo });
}

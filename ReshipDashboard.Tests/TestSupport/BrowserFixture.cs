using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// The app on a real 127.0.0.1 port with a small seeded demo shop, and one headless chromium for all browser
/// tests. The browser is RESHIP_CHROMIUM if set, else the system's /usr/bin/chromium, else Playwright's own install.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public TestApp App { get; } = new(realPort: true);
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseUrl = App.StartOnRealPort();
        await App.SeedDemoShopAsync(orders: 300);
        await App.EnsureAccountsAsync();
        // A busy machine (the rest of the suite runs beside these tests) can take longer than Playwright's 5 s default to
        // show what a page will show; the same wait as the pages' own actions.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(LaunchOptions());
    }

    private static BrowserTypeLaunchOptions LaunchOptions()
    {
        var options = new BrowserTypeLaunchOptions
        {
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        };
        var configured = Environment.GetEnvironmentVariable("RESHIP_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured)) options.ExecutablePath = configured;
        else if (File.Exists("/usr/bin/chromium")) options.ExecutablePath = "/usr/bin/chromium";
        else if (Microsoft.Playwright.Program.Main(["install", "chromium"]) != 0)
            throw new InvalidOperationException("No chromium found: set RESHIP_CHROMIUM, install Debian's chromium, or allow Playwright's download.");
        return options;
    }

    /// <summary>
    /// A fresh page in Chinese (or the given culture) at 1400×900, signed in through the real sign-in page as the
    /// role's account (admin by default; null: not signed in).
    /// </summary>
    public async Task<IPage> NewPageAsync(string? culture = null, string? role = "admin")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            Locale = "zh-CN",
        });
        if (culture is not null)
        {
            await context.AddCookiesAsync([new Cookie
            {
                Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = BaseUrl,
            }]);
        }
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        if (role is not null) await SignInAsync(page, role);
        return page;
    }

    /// <summary>Signs in on /account/login with the role's account and waits for the home page.</summary>
    public static async Task SignInAsync(IPage page, string role, string password = TestApp.Password)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#username").FillAsync(role);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    /// <summary>The 补发订单 list's 待手工发货 tab: second and later reissues waiting for staff, the newest first.</summary>
    public const string ManualReissuesPath = "/warehouse/orders/reissues?status=awaiting_manual_tracking";

    /// <summary>Second reissues waiting for staff (the newest in <see cref="ManualReissuesPath"/>), made through the app's own pipeline; their numbers.</summary>
    public async Task<List<string>> WaitingReissuesAsync(int count)
    {
        var data = new ReissueFixtures(App.Db, App.Services.GetRequiredService<ReissuePipeline>(), App.Clock);
        var numbers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (_, _, second) = await data.OrderWithSecondReissueAsync();
            numbers.Add((await data.LoadAsync(second)).ReissueNo);
        }
        return numbers;
    }

    /// <summary>What a page sets once its circuit is live: `data-interactive="@_interactive"` renders as a bare attribute when true.</summary>
    public const string InteractiveMarker = "[data-interactive]:not([data-interactive='false'])";

    /// <summary>Opens a path and waits until the interactive circuit has taken over (clicks before that are lost).</summary>
    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync(InteractiveMarker);
    }

    private static readonly AxeRunOptions Wcag = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    };

    /// <summary>Runs axe-core on the page and fails with the list of WCAG A/AA violations, if any.</summary>
    public static async Task AssertAccessibleAsync(IPage page) => AssertNoViolations(await page.RunAxe(Wcag));

    /// <summary>Runs axe-core on one part of the page only (e.g. a message over a page that no longer answers).</summary>
    public static async Task AssertAccessibleAsync(ILocator part) => AssertNoViolations(await part.RunAxe(Wcag));

    private static void AssertNoViolations(AxeResult result)
    {
        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.True(violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", violations));
    }

    /// <summary>Saves a screenshot under TestResults/screenshots for people to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

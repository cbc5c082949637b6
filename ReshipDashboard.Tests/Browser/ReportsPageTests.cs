using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ReportsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Owner_OpensTheCostReport_ChangesThePeriod_AndFollowsAFigureToTheReissueList()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/reports/reissue-cost");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("补发损耗");
        await Assertions.Expect(page.Locator("[data-testid=cost-total]")).ToContainTextAsync("¥");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "report-cost-zh");

        await page.Locator("[data-period='7d']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]period=7d"));
        // A new period is a new page: allow a busy machine the time it needs to render the report for it.
        await Assertions.Expect(page.Locator("[data-period='7d']")).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = 60_000 });

        await page.Locator("[data-testid=cost-count] a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/warehouse/orders/reissues\?status=all"));
        await Assertions.Expect(page.Locator("[data-testid=report-filter]")).ToContainTextAsync("不含已取消", new() { Timeout = 60_000 });
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);
        await BrowserFixture.ScreenshotAsync(page, "report-cost-to-list");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task CostReport_InEnglish_IsAccessible()
    {
        var page = await browser.NewPageAsync("en");
        await BrowserFixture.GotoInteractiveAsync(page, "/reports/reissue-cost?period=month");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reissue cost");
        await Assertions.Expect(page.Locator("[data-testid=cost-total]")).ToContainTextAsync("Total reissue cost");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "report-cost-en");
    }

    [Fact]
    public async Task Support_OpensTheSlaReport_InBothLanguages_AndFollowsAFigureToTheQueue()
    {
        var page = await browser.NewPageAsync(role: "support");
        await BrowserFixture.GotoInteractiveAsync(page, "/reports/reship-sla");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("补寄时效");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "补发损耗" })).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "report-sla-zh");

        await page.Locator("[data-testid=sla-received] a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/after-sales/reship-requests\?sla=received"));
        await Assertions.Expect(page.Locator("[data-testid=report-filter]")).ToContainTextAsync("收到申请");

        var english = await browser.NewPageAsync("en", role: "support");
        await BrowserFixture.GotoInteractiveAsync(english, "/reports/reship-sla");
        await Assertions.Expect(english.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reship SLA");
        await BrowserFixture.AssertAccessibleAsync(english);
        await BrowserFixture.ScreenshotAsync(english, "report-sla-en");
    }
}

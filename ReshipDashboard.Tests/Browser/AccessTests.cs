using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccessTests(BrowserFixture browser)
{
    private static List<string> WatchCspViolations(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(m.Text);
        };
        return violations;
    }

    [Fact]
    public async Task Warehouse_SeesNoReshipRequestMenu_AndAnOwnerPageAnswers403NamingTheRole()
    {
        // The reship-request queue is refused to warehouse by the table; its page is checked the same way as this owner page.
        Assert.DoesNotContain(Roles.Warehouse, AccessRules.RolesForPath("/after-sales/reship-requests"));
        var page = await browser.NewPageAsync(role: Roles.Warehouse);
        await BrowserFixture.GotoInteractiveAsync(page, "/");

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "仓配订单", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "补寄申请", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByText("系统设置")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync("warehouse · 仓库");

        var response = await page.GotoAsync("/settings/audit");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByTestId("required-roles")).ToHaveTextAsync("需要角色：店主");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("没有权限");
        await BrowserFixture.ScreenshotAsync(page, "forbidden-warehouse");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Warehouse_FindsNoReshipRequestMenu_AndItsUrlAnswers403NamingTheRolesItNeeds()
    {
        var page = await browser.NewPageAsync(role: Roles.Warehouse);
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues");

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "补发订单", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "补寄申请", Exact = true })).ToHaveCountAsync(0);

        var response = await page.GotoAsync("/after-sales/reship-requests");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("没有权限");
        await Assertions.Expect(page.GetByTestId("required-roles")).ToHaveTextAsync("需要角色：店主 / 客服");
        await BrowserFixture.ScreenshotAsync(page, "forbidden-reship-requests-warehouse");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Owner_AuditPage_RunsInteractively_AndItsSelectOpens_UnderTheContentSecurityPolicy()
    {
        var page = await browser.NewPageAsync();
        var violations = WatchCspViolations(page);

        await BrowserFixture.GotoInteractiveAsync(page, "/settings/audit");
        await Assertions.Expect(page.GetByTestId("audit-log").Locator("li").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("audit-log").Locator("li[data-action=signed_in]").First).ToContainTextAsync("· 登录");
        await page.Locator(".mud-select").First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();

        await BrowserFixture.ScreenshotAsync(page, "audit-log");
        Assert.Empty(violations);
    }

    [Fact]
    public async Task SignInPage_IsAccessible_AndSignOutReturnsToIt()
    {
        var anonymous = await browser.NewPageAsync(role: null);
        await anonymous.GotoAsync("/warehouse/orders");
        await Assertions.Expect(anonymous).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fwarehouse%2Forders$"));
        await BrowserFixture.ScreenshotAsync(anonymous, "login");
        await BrowserFixture.AssertAccessibleAsync(anonymous);
        await anonymous.Locator("#username").FillAsync(Roles.Support);
        await anonymous.Locator("#password").FillAsync(TestApp.Password);
        await anonymous.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(anonymous).ToHaveURLAsync(new Regex("/warehouse/orders$"));
        await anonymous.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);

        await anonymous.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();

        await Assertions.Expect(anonymous).ToHaveURLAsync(new Regex("/account/login$"));
        await anonymous.GotoAsync("/");
        await Assertions.Expect(anonymous).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task Owner_CreatesAnApiKey_ThatIsShownOnlyOnce()
    {
        var page = await browser.NewPageAsync();
        var violations = WatchCspViolations(page);
        await BrowserFixture.GotoInteractiveAsync(page, "/settings/api-keys");

        await page.GetByLabel("密钥名称").FillAsync("ERP 对接");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建", Exact = true }).ClickAsync();

        var secret = await page.GetByTestId("new-key-secret").TextContentAsync();
        Assert.StartsWith("rsk_", secret);
        await Assertions.Expect(page.Locator("[data-key-name='ERP 对接']")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);

        await BrowserFixture.GotoInteractiveAsync(page, "/settings/api-keys");
        await Assertions.Expect(page.Locator("[data-key-name='ERP 对接']")).ToBeVisibleAsync();
        Assert.DoesNotContain(secret!, await page.ContentAsync());
        Assert.Empty(violations);
    }
}

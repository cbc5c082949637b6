using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccountsPageTests(BrowserFixture browser)
{
    private const string Support2Password = "Kefu2026pass";

    [Fact]
    public async Task Owner_CreatesASupportAccount_WhoSeesTheReshipRequestMenu_ButCannotCreateReissues()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" });
        await nav.GetByRole(AriaRole.Link, new() { Name = "账号管理", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/settings/accounts$"));
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("账号管理");

        await page.GetByRole(AriaRole.Button, new() { Name = "新建账号" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("用户名").FillAsync("support2");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "客服" }).CheckAsync();
        await dialog.GetByLabel("初始密码").FillAsync(Support2Password);
        await dialog.GetByLabel("确认密码").FillAsync(Support2Password);
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "accounts-create-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();

        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        var row = page.Locator("[data-testid=account-row][data-user-name=support2]");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("客服");
        await Assertions.Expect(row.GetByTestId("account-state")).ToHaveTextAsync("正常");
        await Assertions.Expect(page.GetByTestId("accounts-message")).ToHaveTextAsync("账号 support2 已创建");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "accounts");

        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login$"));
        await BrowserFixture.SignInAsync(page, "support2", Support2Password);
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues");

        nav = page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" });
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync("support2 · 客服");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "补寄申请", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "补发订单", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "创建补发单", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "账号管理", Exact = true })).ToHaveCountAsync(0);
        Assert.Equal(403, (await page.GotoAsync("/settings/accounts"))!.Status);
        Assert.Equal([Roles.Admin], AccessRules.RolesForPath("/settings/accounts"));
    }
}

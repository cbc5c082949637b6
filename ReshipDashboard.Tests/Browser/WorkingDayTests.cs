using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

/// <summary>What staff trip over in a working day: list state in the URL, asking before bulk changes, the drawer and the keyboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkingDayTests(BrowserFixture browser)
{
    private const string QueuePath = "/after-sales/reship-requests";

    private async Task<(int Id, string OrderNo)> SubmitRequestAsync()
    {
        var orderNo = await TestData.CreateOrderAsync(browser.App.Db, browser.App.Clock.GetUtcNow().UtcDateTime);
        var created = await browser.App.CreateApiClient().PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo));
        created.EnsureSuccessStatusCode();
        return (JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32(), orderNo);
    }

    [Fact]
    public async Task ReissueList_KeepsItsTabAndSearchInTheUrl_ThroughAnOrderAndBack_AndAReload()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues");
        await page.GetByRole(AriaRole.Tab, new() { Name = "全部" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=all"));
        var orderLink = page.Locator(".reissue-grid tbody a.mono").First;
        await Assertions.Expect(orderLink).ToBeVisibleAsync();
        var orderNo = (await orderLink.InnerTextAsync()).Trim();

        await page.Locator("#filter-order").FillAsync(orderNo);
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"orderNo={orderNo}"));
        await page.Locator(".reissue-grid tbody a.mono").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("订单详情");

        await page.GoBackAsync();
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);
        await Assertions.Expect(page.Locator("#filter-order")).ToHaveValueAsync(orderNo);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "全部" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.Locator(".reissue-grid tbody a.mono")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".reissue-grid tbody a.mono").Filter(new() { HasNotText = orderNo })).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "全部" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.Locator("#filter-order")).ToHaveValueAsync(orderNo);
        await Assertions.Expect(page.Locator("[aria-label='Column options']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ReshipQueue_KeepsItsTabAndPageInTheUrl_OnReload()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, QueuePath);
        await page.GetByRole(AriaRole.Tab, new() { Name = "已完成" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=completed"));

        await page.ReloadAsync();
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "已完成" })).ToHaveAttributeAsync("aria-selected", "true");
    }

    [Fact]
    public async Task BulkApprove_AsksFirst_NamingTheCountAndOrders_AndDoesNotTagTheApproversOwnRows()
    {
        var first = await SubmitRequestAsync();
        var second = await SubmitRequestAsync();
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, QueuePath);
        foreach (var (id, orderNo) in new[] { first, second })
            await page.Locator($"tr[data-request-id='{id}'] input[type=checkbox]").CheckAsync();

        await page.Locator("[data-testid=bulk-approve]").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("批量同意 2 条补寄申请");
        await Assertions.Expect(dialog).ToContainTextAsync(first.OrderNo);
        await Assertions.Expect(dialog).ToContainTextAsync(second.OrderNo);
        await BrowserFixture.AssertAccessibleAsync(page);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"tr[data-request-id='{first.Id}']")).ToContainTextAsync("待商家处理");

        await page.Locator("[data-testid=bulk-approve]").ClickAsync();
        await dialog.Locator("[data-testid=bulk-confirm]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-results")).ToContainTextAsync("成功 2 条");
        foreach (var (id, _) in new[] { first, second })
        {
            var row = page.Locator($"tr[data-request-id='{id}']");
            await Assertions.Expect(row).ToContainTextAsync("已同意待发货");
            await Assertions.Expect(row).Not.ToContainTextAsync("已被他人处理");
        }
    }

    [Fact]
    public async Task DetailDrawer_ClosesWithEscape_AndFocusReturnsToTheRowsDetailsButton()
    {
        var (id, _) = await SubmitRequestAsync();
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, QueuePath);
        var row = page.Locator($"tr[data-request-id='{id}']");
        await row.GetByTestId("details").ClickAsync();
        var detail = page.GetByTestId("reship-detail");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("close-detail")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(detail).Not.ToBeInViewportAsync();
        await Assertions.Expect(row.GetByTestId("details")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task ReshipTabs_AllShow_AndCountdownsStayOnOneLine_At1440And1024()
    {
        await SubmitRequestAsync();
        var page = await browser.NewPageAsync();
        foreach (var width in new[] { 1440, 1024 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await BrowserFixture.GotoInteractiveAsync(page, QueuePath);
            var tabs = page.GetByRole(AriaRole.Tab);
            await Assertions.Expect(tabs).ToHaveCountAsync(8);
            for (var i = 0; i < 8; i++) await Assertions.Expect(tabs.Nth(i)).ToBeInViewportAsync();
            var countdown = page.GetByTestId("time-left").First;
            await Assertions.Expect(countdown).ToBeVisibleAsync();
            var box = await countdown.BoundingBoxAsync();
            Assert.True(box!.Height < 30, $"countdown wraps at {width}px: {box.Height}px high");
        }
    }

    [Fact]
    public async Task Owner_IsNotOfferedToLockThemself_AndCreatingChangingAndLockingEachConfirmWithAMessage()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/settings/accounts");
        await Assertions.Expect(page.Locator("[data-testid=account-row][data-user-name=admin]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "锁定 admin", Exact = true })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "新建账号" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).Not.ToContainTextAsync("Required");
        await dialog.GetByLabel("用户名").FillAsync("clerk15");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "仓库" }).CheckAsync();
        await dialog.GetByLabel("初始密码").FillAsync("Clerk2026pass");
        await dialog.GetByLabel("确认密码").FillAsync("Clerk2026pass");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("accounts-message")).ToHaveTextAsync("账号 clerk15 已创建");

        await page.GetByRole(AriaRole.Button, new() { Name = "修改角色 clerk15" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "客服" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("accounts-message")).ToContainTextAsync("clerk15 的角色已改为客服");

        await page.GetByRole(AriaRole.Button, new() { Name = "锁定 clerk15", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认锁定 clerk15" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("accounts-message")).ToContainTextAsync("clerk15 已锁定");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    public static TheoryData<string, string> Views => new()
    {
        { "reissues", "/warehouse/orders/reissues?status=all" },
        { "reship-requests", QueuePath },
        { "orders", "/warehouse/orders" },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task OnAPhone_TheHeaderFits_AndListsAreCards_NotSidewaysTables(string name, string path)
    {
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var page = await browser.NewPageAsync(culture);
            await page.SetViewportSizeAsync(390, 844);
            await BrowserFixture.GotoInteractiveAsync(page, path);
            await Assertions.Expect(page.Locator("main table").First).ToBeAttachedAsync();
            await BrowserFixture.ScreenshotAsync(page, $"{name}-390-{culture}");

            var title = page.Locator(".app-title");
            Assert.True((await title.BoundingBoxAsync())!.Height < 32, "the title wraps");
            var signOut = page.Locator("[data-testid=account-menu] button[type=submit]");
            await Assertions.Expect(signOut).ToBeInViewportAsync(new() { Ratio = 1 });
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = culture == "en" ? "Change password" : "修改密码", Exact = true }))
                .ToBeInViewportAsync(new() { Ratio = 1 });
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{name} ({culture}) scrolls sideways by {overflow}px");
            var header = page.Locator("main thead").First;
            if (await header.CountAsync() > 0) await Assertions.Expect(header).Not.ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData("zh-CN", "修改密码")]
    [InlineData("en", "Change password")]
    public async Task OnAPhone_ChangePassword_IsInTheHeader_AndOpensFromTheKeyboard(string culture, string name)
    {
        var page = await browser.NewPageAsync(culture);
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues");
        var link = page.Locator("header").GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
        await Assertions.Expect(link).ToBeInViewportAsync(new() { Ratio = 1 });
        await BrowserFixture.AssertAccessibleAsync(page);

        await link.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/change-password$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator("#current")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Screenshots_OfTheListsAndAnOrder_AtEveryWidth_InBothLanguages()
    {
        var orderNo = await TestData.CreateOrderAsync(browser.App.Db, browser.App.Clock.GetUtcNow().UtcDateTime);
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var page = await browser.NewPageAsync(culture);
            foreach (var width in new[] { 1440, 1024, 390 })
            {
                await page.SetViewportSizeAsync(width, 900);
                foreach (var (name, path) in new[] { ("reissues", "/warehouse/orders/reissues?status=all"), ("reship-requests", QueuePath), ("order", $"/warehouse/orders/{orderNo}") })
                {
                    if (name == "order") await page.GotoAsync(path);
                    else await BrowserFixture.GotoInteractiveAsync(page, path);
                    await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                    await BrowserFixture.ScreenshotAsync(page, $"day-{name}-{width}-{culture}");
                    var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    Assert.True(overflow <= 0, $"{name} at {width}px ({culture}) scrolls sideways by {overflow}px");
                }
            }
            await BrowserFixture.AssertAccessibleAsync(page);
            await page.Context.CloseAsync();
        }
    }
}

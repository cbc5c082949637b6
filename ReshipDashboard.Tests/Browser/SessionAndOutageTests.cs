using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReshipDashboard.Domain.Accounts;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

/// <summary>What a person at the browser sees when their rights end mid-dialog, and when the database goes away.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionAndOutageTests(BrowserFixture browser)
{
    [Fact]
    public async Task ADialogLeftOpen_ByAPersonLockedMeanwhile_CannotAct_AndTheyAreSentToSignIn()
    {
        var userName = $"wh-{Guid.NewGuid():N}"[..12];
        var userId = await CreateAccountAsync(userName, Roles.Warehouse);
        var now = browser.App.Clock.GetUtcNow().UtcDateTime;
        var order = await TestData.AddShippedAsync(browser.App.Db, now, ShipmentStatus.Intercepted);
        // A second reissue staff may cancel: the first went out for a reship request, the second replaces the intercepted parcel.
        await TestData.AddReissuesAsync(browser.App.Db, order.Id, now, 1);
        var reissue = (await TestData.AddReissuesAsync(browser.App.Db, order.Id, now, 1, ReissueScenario.Intercepted))[0];

        var page = await browser.NewPageAsync(role: null);
        await BrowserFixture.SignInAsync(page, userName);
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues?status=awaiting_manual_tracking");
        await page.Locator("#filter-order").FillAsync(order.OrderNo);
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("tr.reissue-row")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = $"取消 {reissue.ReissueNo}" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "dialog-before-lock");
        await page.Locator("#cancel-reason").FillAsync("买家不要了");

        await LockAsync(userId);
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "确认取消" });
        try
        {
            await confirm.ClickAsync(new() { Timeout = 2_000 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            // The dialog had already gone: the page turned anonymous before the click.
        }

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await using var db = await browser.App.Db.CreateDbContextAsync();
        Assert.Equal(ReissueStatus.AwaitingManualTracking, (await db.Reissues.SingleAsync(r => r.Id == reissue.Id)).Status);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.EntityId == reissue.Id && a.Action == "cancelled"));
    }

    [Fact]
    public async Task WhenTheDatabaseGoesAway_ThePageSaysSoAndKeepsItsCircuit_AndWorksAgainOnceItIsBack()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders/reissues");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("补发订单");

        await browser.App.TakeDatabaseAwayAsync();
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "搜索", Exact = true }).ClickAsync();
            var message = page.Locator("[data-database-error]").Or(page.GetByText("数据库繁忙，请重试"));
            await Assertions.Expect(message.First).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "database-away");
        }
        finally
        {
            await browser.App.BringDatabaseBackAsync();
        }

        // The same circuit answers again: no reload, no reconnect.
        var retry = page.GetByRole(AriaRole.Button, new() { Name = "重试", Exact = true });
        if (await retry.IsVisibleAsync()) await retry.ClickAsync();
        else await page.GetByRole(AriaRole.Button, new() { Name = "搜索", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("补发订单");
        await Assertions.Expect(page.Locator("[data-database-error]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr.reissue-row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#components-reconnect-modal[open], .components-reconnect-show")).ToHaveCountAsync(0);
    }

    private async Task<int> CreateAccountAsync(string userName, string role)
    {
        await browser.App.EnsureAccountsAsync();
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
        var user = new ReshipUser(userName);
        Assert.True((await users.CreateAsync(user, TestApp.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    /// <summary>Locks the account as 账号管理 does: lockout, a new security stamp, and this instance's circuits told.</summary>
    private async Task LockAsync(int userId)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException("account gone");
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        browser.App.Services.GetRequiredService<SessionRevocations>().Revoke(userId);
    }
}

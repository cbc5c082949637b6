using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Settings.Shop;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Settings.Shop;

[Trait("Category", "Component")]
public sealed class ShopSettingsDialogTests : MudTestContext
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync()
    {
        RenderProviders();
        var provider = Render<MudDialogProvider>();
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await Services.GetRequiredService<IDialogService>().ShowAsync<ShopSettingsDialog>("修改处理时限设置"));
        return (provider, dialog!);
    }

    private async Task<int> StoredCountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.ShopSettings.CountAsync();
    }

    private static string FieldText(IRenderedComponent<MudDialogProvider> provider, string inputId) =>
        provider.Find($"#{inputId}").Closest(".mud-input-control")!.TextContent;

    [Fact]
    public async Task Opens_WithTheShopsCurrentRules_AndNoMessage()
    {
        var (provider, _) = await OpenAsync();

        Assert.Equal("48", provider.Find("#setting-answer-hours").GetAttribute("value"));
        Assert.Equal("6", provider.Find("#setting-due-soon-hours").GetAttribute("value"));
        Assert.Equal("48", provider.Find("#setting-ship-hours").GetAttribute("value"));
        Assert.Empty(provider.FindAll("[role=alert]"));
        Assert.DoesNotContain("须", provider.Markup);
    }

    [Fact]
    public async Task AReminderNotShorterThanTheAnswerTime_IsShownUnderItsField_AndNothingIsSaved()
    {
        var (provider, dialog) = await OpenAsync();

        provider.Find("#setting-answer-hours").Change("10");
        provider.Find("#setting-due-soon-hours").Change("12");
        await provider.Find("form#shop-settings-form").SubmitAsync();

        provider.WaitForAssertion(() => Assert.Contains("即将超时提醒须短于商家处理时限（10 小时）", FieldText(provider, "setting-due-soon-hours")));
        Assert.DoesNotContain("须短于", FieldText(provider, "setting-answer-hours"));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal(0, await StoredCountAsync());
        Assert.Equal(TimeSpan.FromHours(48), Settings.ReshipAnswerWithin);
    }

    [Fact]
    public async Task ValidRules_AreSaved_InEffectAtOnce_AndCloseTheDialog()
    {
        var (provider, dialog) = await OpenAsync();

        provider.Find("#setting-ship-hours").Change("24");
        provider.Find("#setting-max-reissues").Change("3");
        await provider.Find("form#shop-settings-form").SubmitAsync();

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(TimeSpan.FromHours(24), Settings.ReissueShipWithin);
        Assert.Equal(3, Settings.MaxReissuesPerOrder);
        await using var db = Database.CreateDbContext();
        var stored = await db.ShopSettings.SingleAsync();
        Assert.Equal((24, 3, 48), (stored.ReissueShipWithinHours, stored.MaxReissuesPerOrder, stored.ReshipAnswerHours));
        Assert.Contains("reissueShipWithinHours 48→24", (await db.AuditEntries.SingleAsync(a => a.Action == "settings_changed")).Note);
    }

    [Fact]
    public async Task SomeoneWhoIsNotTheOwner_IsToldWhyInTheDialog_AndNothingIsSaved()
    {
        SignInAs(Roles.Support);
        var (provider, dialog) = await OpenAsync();

        provider.Find("#setting-ship-hours").Change("24");
        await provider.Find("form#shop-settings-form").SubmitAsync();

        provider.WaitForAssertion(() => Assert.Contains("无权执行此操作，需要角色：店主", provider.Find("[role=alert]").TextContent));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal(0, await StoredCountAsync());
        Assert.Equal(TimeSpan.FromHours(48), Settings.ReissueShipWithin);
    }

    [Fact]
    public async Task Cancel_ClosesWithoutSaving()
    {
        var (provider, dialog) = await OpenAsync();

        provider.Find("#setting-ship-hours").Change("24");
        provider.FindAll("button").Single(b => b.TextContent.Trim() == "取消").Click();

        var result = await dialog.Result;
        Assert.True(result!.Canceled);
        Assert.Equal(0, await StoredCountAsync());
        Assert.Equal(TimeSpan.FromHours(48), Settings.ReissueShipWithin);
    }
}

using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Settings.Accounts;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Settings.Accounts;

[Trait("Category", "Component")]
public sealed class CreateAccountDialogTests : MudTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Services.AddScoped(_ => Database.CreateDbContext());
        Services.AddIdentityCore<ReshipDashboard.Domain.Accounts.ReshipUser>(AccountSetup.IdentityRules)
            .AddRoles<ReshipDashboard.Domain.Accounts.ReshipRole>()
            .AddEntityFrameworkStores<ReshipDashboard.Data.ReshipDbContext>();
        await AccountHarness.SeedAsync(Services, AccountHarness.Password);
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync()
    {
        RenderProviders();
        var provider = Render<MudDialogProvider>();
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await Services.GetRequiredService<IDialogService>().ShowAsync<CreateAccountDialog>("新建账号"));
        return (provider, dialog!);
    }

    private async Task<int> UserCountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Users.CountAsync();
    }

    private static async Task FillAsync(IRenderedComponent<MudDialogProvider> provider, string userName, string? role, string password, string confirm)
    {
        provider.Find("#account-username").Change(userName);
        if (role is not null) provider.Find($"input[data-role='{role}']").Click();
        provider.Find("#account-password").Change(password);
        provider.Find("#account-password-confirm").Change(confirm);
        await provider.Find("form#create-account-form").SubmitAsync();
    }

    [Fact]
    public async Task SubmittingEmpty_AsksForUserNameRoleAndPassword_NextToEachField()
    {
        var (provider, _) = await OpenAsync();

        await provider.Find("form#create-account-form").SubmitAsync();

        provider.WaitForAssertion(() =>
        {
            Assert.Contains("请填写用户名", provider.Markup);
            Assert.Contains("请选择角色", provider.Markup);
            Assert.Contains("请填写初始密码", provider.Markup);
        });
        Assert.Equal(3, await UserCountAsync());
    }

    [Fact]
    public async Task PasswordsThatDiffer_AreCaughtBeforeSaving()
    {
        var (provider, _) = await OpenAsync();

        await FillAsync(provider, "packer", Roles.Warehouse, "Shop2026pass", "Shop2026pasS");

        provider.WaitForAssertion(() => Assert.Contains("两次输入的密码不一致", provider.Markup));
        Assert.Equal(3, await UserCountAsync());
    }

    [Fact]
    public async Task AWeakPassword_ShowsIdentitysRuleInChineseUnderThePasswordField()
    {
        var (provider, _) = await OpenAsync();

        await FillAsync(provider, "packer", Roles.Warehouse, "abcdefghijk", "abcdefghijk");

        provider.WaitForAssertion(() => Assert.Contains("密码需要包含数字", provider.Find("#account-password").Closest(".mud-input-control")!.TextContent));
        Assert.Equal(3, await UserCountAsync());
    }

    [Fact]
    public async Task ATakenUserName_IsShownUnderTheUserNameField()
    {
        var (provider, _) = await OpenAsync();

        await FillAsync(provider, "support", Roles.Support, "Shop2026pass", "Shop2026pass");

        provider.WaitForAssertion(() => Assert.Contains("用户名 support 已被使用，请换一个", provider.Markup));
        Assert.Equal(3, await UserCountAsync());
    }

    [Fact]
    public async Task AValidForm_CreatesTheAccount_AndClosesWithIt()
    {
        var (provider, dialog) = await OpenAsync();

        await FillAsync(provider, "support2", Roles.Support, "Shop2026pass", "Shop2026pass");

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        var created = Assert.IsType<AccountRow>(result.Data);
        Assert.Equal(("support2", Roles.Support), (created.UserName, created.Role));
        Assert.Equal(4, await UserCountAsync());
    }
}

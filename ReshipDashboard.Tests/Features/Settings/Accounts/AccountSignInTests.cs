using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Settings.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Settings.Accounts;

/// <summary>What the owner's account changes mean at the real sign-in form.</summary>
public sealed class AccountSignInTests : IAsyncLifetime
{
    private readonly TestApp _app = new();

    public async Task InitializeAsync() => await _app.EnsureAccountsAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<T> AsOwnerAsync<T>(Func<AccountService, Task<T>> act)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().User = TestActors.Person(Roles.Admin, Roles.Admin);
        return await act(scope.ServiceProvider.GetRequiredService<AccountService>());
    }

    [Fact]
    public async Task AnAccountTheOwnerLocked_CannotSignIn_AndIsToldWhy_UntilUnlocked()
    {
        var id = await AsOwnerAsync(async s => (await s.ListAsync()).Single(a => a.UserName == Roles.Warehouse).Id);
        await AsOwnerAsync(s => s.LockAsync(id));
        using var client = await _app.CreateClientAsAsync(null);

        var refused = await TestApp.SignInAsync(client, Roles.Warehouse, TestApp.Password);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("该账号已被店主锁定，请联系店主", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        await AsOwnerAsync(s => s.UnlockAsync(id));
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(client, Roles.Warehouse, TestApp.Password)).StatusCode);
    }

    [Fact]
    public async Task ANewAccount_SignsInWithTheOwnersInitialPassword_AndAResetOneReplacesIt()
    {
        var created = await AsOwnerAsync(s => s.CreateAsync("packer", Roles.Warehouse, "Pack2026first"));
        using var client = await _app.CreateClientAsAsync(null);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(client, "packer", "Pack2026first")).StatusCode);

        await AsOwnerAsync(s => s.ResetPasswordAsync(created.Id, "Pack2026second"));

        using var other = await _app.CreateClientAsAsync(null);
        Assert.Equal(HttpStatusCode.BadRequest, (await TestApp.SignInAsync(other, "packer", "Pack2026first")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(other, "packer", "Pack2026second")).StatusCode);
    }
}

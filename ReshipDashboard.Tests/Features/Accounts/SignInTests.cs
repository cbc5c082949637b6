using System.Net;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Accounts;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly TestApp _app = new();

    public Task InitializeAsync() => _app.EnsureAccountsAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SignIn_WithTheRightPassword_GoesHome_AndIsAudited()
    {
        using var client = await _app.CreateClientAsAsync(null);

        var response = await TestApp.SignInAsync(client, Roles.Warehouse, TestApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/warehouse/orders")).StatusCode);
        await using var db = await _app.Db.CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == AuditSubjects.Account && a.Action == "signed_in" && a.ActorName == Roles.Warehouse));
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenAgainstTheRightPassword()
    {
        using var client = await _app.CreateClientAsAsync(null);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await TestApp.SignInAsync(client, Roles.Support, "Wrong@12345");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        var right = await TestApp.SignInAsync(client, Roles.Support, TestApp.Password);

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("账号已锁定 15 分钟", WebUtility.HtmlDecode(await right.Content.ReadAsStringAsync()));
        await using var db = await _app.Db.CreateDbContextAsync();
        var actions = await db.AuditEntries.Where(a => a.EntityType == AuditSubjects.Account && a.ActorName == Roles.Support)
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_locked_out", "sign_in_locked_out"], actions);
    }

    private static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next)
    {
        var form = await client.GetStringAsync("/account/change-password");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/account/change-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["_handler"] = "change-password",
            ["Input.Current"] = current,
            ["Input.New"] = next,
            ["Input.Confirm"] = next,
        }));
    }

    [Fact]
    public async Task ChangePassword_RefusesAWeakOne_AcceptsAGoodOne_ThatThenSignsIn()
    {
        using var client = await _app.CreateClientAsAsync(Roles.Warehouse);

        var weak = await ChangePasswordAsync(client, TestApp.Password, "short1");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("新密码至少 10 位", WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync()));

        var good = await ChangePasswordAsync(client, TestApp.Password, "Lagerhaus2026");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains("密码已修改", WebUtility.HtmlDecode(await good.Content.ReadAsStringAsync()));

        using var fresh = await _app.CreateClientAsAsync(null);
        Assert.Equal(HttpStatusCode.BadRequest, (await TestApp.SignInAsync(fresh, Roles.Warehouse, TestApp.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(fresh, Roles.Warehouse, "Lagerhaus2026")).StatusCode);
    }

    [Fact]
    public async Task WrongPassword_SaysSo_WithoutSayingWhichPartWasWrong()
    {
        using var client = await _app.CreateClientAsAsync(null);

        var unknownUser = await TestApp.SignInAsync(client, "nobody", TestApp.Password);

        Assert.Equal(HttpStatusCode.BadRequest, unknownUser.StatusCode);
        Assert.Contains("用户名或密码不正确", WebUtility.HtmlDecode(await unknownUser.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ReturnUrl_OutsideTheApp_IsIgnored()
    {
        Assert.Equal("/", ReshipDashboard.Features.Accounts.Pages.LoginPage.SafeReturnUrl("https://evil.example/"));
        Assert.Equal("/", ReshipDashboard.Features.Accounts.Pages.LoginPage.SafeReturnUrl("//evil.example/"));
        Assert.Equal("/", ReshipDashboard.Features.Accounts.Pages.LoginPage.SafeReturnUrl("/\\evil.example/"));
        Assert.Equal("/warehouse/orders?q=1", ReshipDashboard.Features.Accounts.Pages.LoginPage.SafeReturnUrl("/warehouse/orders?q=1"));
        using var client = await _app.CreateClientAsAsync(null);
        var challenge = await client.GetAsync("/warehouse/orders");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith("http://localhost/account/login?ReturnUrl=", challenge.Headers.Location?.ToString());
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheSecurityHeaders()
    {
        using var client = await _app.CreateClientAsAsync(null);

        var response = await client.GetAsync("/account/login");

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self' 'nonce-", csp);
        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join("", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", string.Join("", response.Headers.GetValues("Referrer-Policy")));
    }
}

public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private readonly TestApp _app = new(settings: new Dictionary<string, string?> { ["Accounts:SignInAttemptsPerMinute"] = "3" });

    public Task InitializeAsync() => _app.EnsureAccountsAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TooManySignInPosts_Get429_WithRetryAfter()
    {
        using var client = await _app.CreateClientAsAsync(null);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await TestApp.SignInAsync(client, "nobody", "Wrong@12345")).StatusCode);

        var limited = await TestApp.SignInAsync(client, Roles.Admin, TestApp.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }
}

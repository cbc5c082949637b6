using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReshipDashboard.Domain.Accounts;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Accounts;

/// <summary>Password pages limited by their endpoint, unknown API keys by address, and rights that end at once.</summary>
public sealed class SessionLimitsTests : IAsyncLifetime
{
    private readonly TestApp _app = new(settings: new Dictionary<string, string?> { ["Accounts:SignInAttemptsPerMinute"] = "3" });

    public Task InitializeAsync() => _app.EnsureAccountsAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPath, string postPath, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(formPath);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value);
        return await client.PostAsync(postPath, new FormUrlEncodedContent(fields));
    }

    [Theory]
    [InlineData("/account/login/")]
    [InlineData("/ACCOUNT/Login")]
    public async Task SignInPosts_ToAnotherSpellingOfThePath_AreLimitedToo(string path)
    {
        using var client = await _app.CreateClientAsAsync(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostFormAsync(client, "/account/login", path, new()
            {
                ["_handler"] = "login", ["Input.UserName"] = "nobody", ["Input.Password"] = "Wrong@12345",
            });
            statuses.Add(response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task ChangePassword_IsLimitedLikeSignIn()
    {
        using var client = await _app.CreateClientAsAsync(Roles.Warehouse);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostFormAsync(client, "/account/change-password", "/account/change-password", new()
            {
                ["_handler"] = "change-password", ["Input.Current"] = "Wrong@12345", ["Input.New"] = "Lagerhaus2026", ["Input.Confirm"] = "Lagerhaus2026",
            });
            statuses.Add(response.StatusCode);
        }
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task GuessedApiKeys_AreLimitedByAddress_WhileAKnownKeyStillWorks()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var guess = _app.CreateApiClient("guess-" + i);
            using var response = await guess.GetAsync("/api/v1/products");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        using var known = _app.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await known.GetAsync("/api/v1/products")).StatusCode);
    }

    [Fact]
    public async Task ALockedPerson_IsSignedOut_OnTheirNextRequest()
    {
        using var client = await _app.CreateClientAsAsync(Roles.Warehouse);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/warehouse/orders")).StatusCode);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
            var user = (await users.FindByNameAsync(Roles.Warehouse))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(user);
        }

        // The stamp is checked whenever any time has passed since the cookie was issued (every request, in practice).
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        using var after = await client.GetAsync("/warehouse/orders");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task ARevokedCircuit_TurnsAnonymous_AndDoesNotFallBackToTheSocketsUser()
    {
        var revocations = new SessionRevocations();
        var options = Options.Create(new IdentityOptions());
        var services = new ServiceCollection()
            .AddSingleton(revocations)
            .AddSingleton<IOptions<IdentityOptions>>(options)
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance)
            .AddScoped<AuthenticationStateProvider>(sp => new RevalidatingAuthenticationState(NullLoggerFactory.Instance,
                sp.GetRequiredService<IServiceScopeFactory>(), options, revocations))
            .AddSingleton<IHttpContextAccessor>(new HttpContextAccessor())
            .AddScoped<CurrentActor>()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var owner = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "7"), new Claim(ClaimTypes.Name, "owner"), new Claim(ClaimTypes.Role, Roles.Admin)], "Identity.Application"));
        // The WebSocket request that opened the circuit still carries the old user.
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = owner };
        var state = (RevalidatingAuthenticationState)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        state.SetAuthenticationState(Task.FromResult(new AuthenticationState(owner)));
        var actor = scope.ServiceProvider.GetRequiredService<CurrentActor>();
        Assert.Equal("owner", actor.User?.Identity?.Name);

        revocations.Revoke(7);

        Assert.False((await state.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
        Assert.Null(actor.User);
        Assert.False(new AccessGuard(actor).Allows(Permission.AccountsManage));
    }
}

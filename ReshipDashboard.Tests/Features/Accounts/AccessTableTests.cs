using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Accounts;

/// <summary>
/// Every routable page and every endpoint × {anonymous, admin, warehouse, support, API key}: allowed or refused
/// exactly as <see cref="AccessRules"/> says. A page or endpoint without a rule fails here.
/// </summary>
public sealed class AccessTableTests : IAsyncLifetime
{
    private static readonly string?[] People = [null, Roles.Admin, Roles.Warehouse, Roles.Support];

    private readonly TestApp _app = new();

    public async Task InitializeAsync() => await _app.EnsureAccountsAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static IReadOnlyList<(Type Page, string Template)> RoutablePages() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (t, r.Template)))
            .ToList();

    private IReadOnlyList<RouteEndpoint> NonPageEndpoints() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null)
            .Where(e => !IsFrameworkOrAsset("/" + e.RoutePattern.RawText?.TrimStart('/')))
            .ToList();

    private static bool IsFrameworkOrAsset(string pattern) =>
        pattern.Contains(":file}", StringComparison.Ordinal) || pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal)
        || pattern.StartsWith("/_content", StringComparison.Ordinal) || Regex.IsMatch(pattern.Split('/')[^1], @"\.[A-Za-z0-9]+$");

    private static IEnumerable<string> Methods(RouteEndpoint e) =>
        e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    [Fact]
    public void EveryRoutablePage_HasARuleInTheTable_AndCarriesItsPolicy()
    {
        var pages = RoutablePages();
        Assert.NotEmpty(pages);
        foreach (var (page, template) in pages)
        {
            Assert.True(AccessRules.Pages.TryGetValue(template, out var permission),
                $"Page {page.Name} ({template}) has no rule in AccessRules.Pages");
            if (permission == Permission.Anonymous)
            {
                Assert.True(page.GetCustomAttribute<AllowAnonymousAttribute>() is not null, $"{page.Name} must be [AllowAnonymous]");
            }
            else
            {
                var policies = page.GetCustomAttributes<AuthorizeAttribute>().Select(a => a.Policy).ToList();
                Assert.True(policies.Contains(permission), $"{page.Name} must carry [Authorize(Policy = Permission...)] for '{permission}'");
            }
        }
    }

    [Fact]
    public void EveryEndpoint_HasARuleInTheTable()
    {
        var endpoints = NonPageEndpoints();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            foreach (var method in Methods(endpoint))
                Assert.True(AccessRules.Endpoints.Any(r => r.Method == method && r.Pattern == pattern),
                    $"Endpoint {method} {pattern} has no rule in AccessRules.Endpoints");
        }
    }

    [Fact]
    public void EveryRule_NamesAKnownPermission_AndEveryApiRuleAKnownScope()
    {
        foreach (var permission in AccessRules.Pages.Values.Concat(AccessRules.Endpoints.Select(e => e.Permission)))
            Assert.True(permission == Permission.Anonymous || AccessRules.Permissions.ContainsKey(permission), permission);
        Assert.All(AccessRules.Endpoints.Where(e => e.IsApi), e => Assert.NotEmpty(e.ApiScopes));
        Assert.All(AccessRules.Endpoints.SelectMany(e => e.ApiScopes), s => Assert.Contains(s, ReshipDashboard.Features.Accounts.ApiScopes.All));
    }

    [Fact]
    public async Task EveryPage_AnswersEachPersonAndAnApiKey_AsTheTableSays()
    {
        var failures = new List<string>();
        foreach (var who in People.Append("api-key"))
        {
            using var client = who == "api-key" ? _app.CreateApiClient() : await _app.CreateClientAsAsync(who);
            foreach (var (_, template) in RoutablePages())
            {
                var permission = AccessRules.Pages[template];
                var response = await client.GetAsync(Url(template));
                var expected = Expected(who is null or "api-key" ? null : who, permission);
                var actual = Outcome(response);
                if (expected != actual) failures.Add($"{who ?? "anonymous"} GET {template}: expected {expected}, got {actual} ({(int)response.StatusCode})");
                if (actual == "forbidden")
                    Assert.Contains("需要角色", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryEndpoint_AnswersEachPersonAndAnApiKey_AsTheTableSays()
    {
        var failures = new List<string>();
        foreach (var who in People.Append("api-key"))
        {
            using var client = who == "api-key" ? _app.CreateApiClient() : await _app.CreateClientAsAsync(who);
            foreach (var endpoint in NonPageEndpoints())
            {
                var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                foreach (var method in Methods(endpoint))
                {
                    var rule = AccessRules.Endpoints.Single(r => r.Method == method && r.Pattern == pattern);
                    if (rule.Pattern == "/account/logout") continue; // would end the session under test; checked below
                    var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(pattern)));
                    var expected = rule.IsApi
                        ? (who == "api-key" ? "allowed" : "unauthenticated")
                        : Expected(who is null or "api-key" ? null : who, rule.Permission);
                    var actual = Outcome(response);
                    if (expected != actual) failures.Add($"{who ?? "anonymous"} {method} {pattern}: expected {expected}, got {actual} ({(int)response.StatusCode})");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task SignOut_NeedsASignedInPersonAndTheFormToken()
    {
        using var anonymous = await _app.CreateClientAsAsync(null);
        Assert.Equal("unauthenticated", Outcome(await anonymous.PostAsync("/account/logout", new FormUrlEncodedContent([]))));
        using var admin = await _app.CreateClientAsAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/account/logout", new FormUrlEncodedContent([]))).StatusCode);
    }

    /// <summary>What the table promises: anonymous pages are open, everything else needs sign-in and then the role.</summary>
    private static string Expected(string? role, string permission) =>
        permission == Permission.Anonymous ? "allowed"
        : role is null ? "unauthenticated"
        : AccessRules.Rule(permission).Roles.Contains(role) ? "allowed" : "forbidden";

    private static string Outcome(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Unauthorized => "unauthenticated",
        HttpStatusCode.Redirect or HttpStatusCode.Found when response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) == true => "unauthenticated",
        HttpStatusCode.Forbidden => "forbidden",
        _ => "allowed",
    };

    /// <summary>A concrete URL for a route template: each parameter gets a harmless value.</summary>
    private static string Url(string template) =>
        Regex.Replace(template, @"\{([^}:?]+)(:[^}]*)?\??\}", m => m.Groups[2].Value.Contains("int") ? "404" : "261126-000000000000001");
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Api;

namespace ReshipDashboard.Tests.Features.Api;

/// <summary>
/// Each resource answers only the scopes api.md gives it. Keys limited to scopes come with accounts; here a
/// stand-in handler for the key scheme reads them from the key itself (`scoped:erp,platform`).
/// </summary>
public sealed class ScopePolicyTests : ApiTestBase
{
    [Theory]
    [InlineData("GET", "/api/v1/products", "erp", "platform,courier")]
    [InlineData("PUT", "/api/v1/products/SKU-Z", "erp", "platform,courier")]
    [InlineData("POST", "/api/v1/orders", "platform", "erp,courier")]
    [InlineData("GET", "/api/v1/orders/261126-999999999999999", "platform,erp", "courier")]
    [InlineData("GET", "/api/v1/orders", "platform,erp", "courier")]
    [InlineData("POST", "/api/v1/orders/261126-999999999999999/shipments", "erp", "platform,courier")]
    [InlineData("POST", "/api/v1/shipments/events", "courier", "platform,erp")]
    [InlineData("POST", "/api/v1/after-sales", "platform", "erp,courier")]
    [InlineData("POST", "/api/v1/after-sales/1/withdraw", "platform", "erp,courier")]
    [InlineData("GET", "/api/v1/after-sales/1", "platform,erp", "courier")]
    [InlineData("GET", "/api/v1/after-sales", "platform,erp", "courier")]
    [InlineData("GET", "/api/v1/events", "platform,erp", "courier")]
    public async Task Endpoint_AnswersItsScopes_AndRefusesOthersWith403(string method, string path, string allowed, string refused)
    {
        await using var factory = App.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.Configure<AuthenticationOptions>(o => o.SchemeMap[ApiKeyOptions.Scheme].HandlerType = typeof(ScopedKeyHandler))));

        foreach (var scope in allowed.Split(','))
        {
            using var response = await SendAsync(factory, method, path, scope);
            Assert.True(response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized),
                $"{scope} on {method} {path}: {(int)response.StatusCode}");
        }
        foreach (var scope in refused.Split(','))
        {
            using var response = await SendAsync(factory, method, path, scope);
            await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory,
        string method, string path, string scope)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Api-Key", $"scoped:{scope}");
        if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { });
        return await client.SendAsync(request);
    }

    private sealed class ScopedKeyHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiProblemWriter problems)
        : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var key = Request.Headers[ApiKeyOptions.Header].ToString();
            if (!key.StartsWith("scoped:", StringComparison.Ordinal)) return Task.FromResult(AuthenticateResult.NoResult());
            var claims = new List<Claim> { new(ClaimTypes.Name, key) };
            claims.AddRange(key["scoped:".Length..].Split(',').Select(s => new Claim(ApiScopes.ClaimType, s)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyOptions.Scheme));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyOptions.Scheme)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
            problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "缺少或未知的 API 密钥");

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
            problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "API 密钥无权调用此接口");
    }
}

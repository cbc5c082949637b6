using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Api;
using ReshipDashboard.Features.Settings.ApiKeys;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Accounts;

/// <summary>Stored API keys: their scopes, revocation, the configured keys, and never a redirect from the API.</summary>
public sealed class ApiKeyAccessTests : IAsyncLifetime
{
    // A probe in the real /api/v1 group (same scheme, policies and filters), open to courier keys only.
    private readonly TestApp _app = new(configure: services => services.AddSingleton<IStartupFilter, CourierProbe>());

    public Task InitializeAsync() => _app.EnsureAccountsAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<CreatedApiKey> CreateKeyAsync(string name, params string[] scopes)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        AsOwner(scope.ServiceProvider);
        return await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(name, scopes);
    }

    private static void AsOwner(IServiceProvider services) =>
        services.GetRequiredService<CurrentActor>().User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "Identity.Application"));

    [Fact]
    public async Task StoredKey_InScope_IsServed_AndActsUnderItsName()
    {
        var key = await CreateKeyAsync("顺丰回传", ApiScopes.Courier);
        using var client = _app.CreateApiClient(key.Secret);

        var response = await client.GetAsync(CourierProbe.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("API:顺丰回传", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(ApiScopes.Platform, false)]
    [InlineData(ApiScopes.Erp, true)]
    public async Task OrderRead_MasksTheBuyersPhone_AndShowsTheShippingPhoneOnlyToKeysThatShip(string scope, bool fullShippingPhone)
    {
        var orderNo = await CreateOrderAsync();
        var key = await CreateKeyAsync("读订单-" + scope, scope);
        using var client = _app.CreateApiClient(key.Secret);

        var one = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"/api/v1/orders/{orderNo}"))!;
        var list = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/api/v1/orders"))!;

        foreach (var order in new[] { one, list["items"]!.AsArray().Single(o => o!["orderNo"]!.GetValue<string>() == orderNo)! })
        {
            Assert.Equal("139****0000", order["buyer"]!["phone"]!.GetValue<string>());
            Assert.Equal(fullShippingPhone ? "13900000000" : "139****0000", order["address"]!["phone"]!.GetValue<string>());
        }
    }

    private async Task<string> CreateOrderAsync()
    {
        await using (var db = await _app.Db.CreateDbContextAsync())
        {
            if (!await db.Products.AnyAsync(p => p.Sku == "SKU-MASK"))
            {
                db.Products.Add(new ReshipDashboard.Domain.Catalog.Product("SKU-MASK", "保温杯", 1990, DateTime.UtcNow));
                await db.SaveChangesAsync();
            }
        }
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().User = TestActors.Key("platform", [ApiScopes.Platform]);
        var order = await scope.ServiceProvider.GetRequiredService<ReshipDashboard.Features.Warehouse.Orders.OrderIntakeService>().CreateAsync(
            new(null, "李四", "13900000000", new ReshipDashboard.Domain.Common.Address("李四", "13900000000", "浙江省", "杭州市", "西湖区", "文三路 1 号"),
                [new("SKU-MASK", null, 1, 1990)], null));
        return order.OrderNo;
    }

    [Fact]
    public async Task StoredKey_OutsideItsScopes_Gets403Problem()
    {
        var key = await CreateKeyAsync("ERP", ApiScopes.Erp);
        using var client = _app.CreateApiClient(key.Secret);

        var response = await client.GetAsync(CourierProbe.Path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RevokedKey_Gets401_AndCreateAndRevokeAreAudited()
    {
        var key = await CreateKeyAsync("临时", ApiScopes.Courier);
        using var client = _app.CreateApiClient(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(CourierProbe.Path)).StatusCode);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            AsOwner(scope.ServiceProvider);
            await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(key.Key.Id);
        }

        var response = await client.GetAsync(CourierProbe.Path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = await _app.Db.CreateDbContextAsync();
        var actions = await db.AuditEntries.Where(a => a.EntityType == AuditSubjects.ApiKey && a.EntityId == key.Key.Id)
            .OrderBy(a => a.Id).Select(a => new { a.Action, a.ActorName }).ToListAsync();
        Assert.Equal(["created", "revoked"], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.Equal("admin", a.ActorName));
        Assert.DoesNotContain(await db.ApiKeys.Select(k => k.Hash).ToListAsync(), h => h.Contains(key.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownKey_Gets401_AndConfiguredKey_HasEveryScope()
    {
        using var unknown = _app.CreateApiClient("rsk_not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.GetAsync(CourierProbe.Path)).StatusCode);
        using var configured = _app.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await configured.GetAsync(CourierProbe.Path)).StatusCode);
    }

    [Fact]
    public async Task Api_NeverRedirects_EvenForASignedInPerson()
    {
        using var admin = await _app.CreateClientAsAsync(Roles.Admin);
        using var anonymous = await _app.CreateClientAsAsync(null);

        var keyed = await admin.GetAsync(CourierProbe.Path);
        Assert.Equal(HttpStatusCode.Unauthorized, keyed.StatusCode);
        Assert.Equal("application/problem+json", keyed.Content.Headers.ContentType?.MediaType);
        foreach (var path in new[] { CourierProbe.Path, "/api/v1/no-such-resource", "/api/other" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.Null(response.Headers.Location);
            Assert.Null((await admin.GetAsync(path)).Headers.Location);
        }
    }

    [Fact]
    public async Task UnknownApiPath_Is404Problem_WithOrWithoutAKey()
    {
        using var keyed = _app.CreateApiClient();
        using var anonymous = _app.CreateApiClient(null);
        foreach (var client in new[] { keyed, anonymous })
        {
            var response = await client.GetAsync("/api/v1/no-such-resource");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task KeyService_RefusesAnyoneButTheOwner()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "warehouse"), new Claim(ClaimTypes.Role, Roles.Warehouse)], "Identity.Application"));

        var refusal = await Assert.ThrowsAsync<ReshipDashboard.Domain.Common.DomainException>(
            () => scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync("x", [ApiScopes.Erp]));

        Assert.Equal(ReshipDashboard.Domain.Common.DomainErrorKind.Forbidden, refusal.Kind);
        Assert.Equal(403, ApiProblemWriter.StatusFor(refusal.Kind));
    }

    private sealed class CourierProbe : IStartupFilter
    {
        public const string Path = "/probe/api/v1/courier-only";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/probe", probe =>
            {
                probe.UseRouting();
                probe.UseAuthentication();
                probe.UseAuthorization();
                probe.UseRateLimiter();
                probe.UseEndpoints(e => e.MapReshipApi()
                    .MapGet("/courier-only", (CurrentActor actor) => actor.Actor.ToString())
                    .RequireAuthorization(ApiScopes.Courier));
            });
            next(app);
        };
    }
}

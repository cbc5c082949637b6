using System.Net;
using System.Net.Http.Json;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Domain.Accounts;
using ReshipDashboard.Features.Api;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Api;

/// <summary>The access table gives the buyer's full phone to keys that ship (erp) only.</summary>
public sealed class ReshipPhoneMaskingTests : ApiTestBase
{
    private async Task<HttpClient> ClientWithScopesAsync(params string[] scopes)
    {
        var (key, secret) = StoredApiKey.Create("scoped-" + string.Join("-", scopes), scopes, ApiScopes.All, ReshipDashboard.Domain.Common.Actor.System, App.Clock.GetUtcNow().UtcDateTime);
        await using var db = await App.Db.CreateDbContextAsync();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return App.CreateApiClient(secret);
    }

    [Fact]
    public async Task PlatformKeys_SeeTheBuyersPhoneMasked_ErpKeysInFull()
    {
        var orderNo = await TestData.CreateOrderAsync(App.Db, App.Clock.GetUtcNow().UtcDateTime);
        using var platform = await ClientWithScopesAsync(ApiScopes.Platform);
        using var erp = await ClientWithScopesAsync(ApiScopes.Erp);

        using var created = await platform.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ReadAsync(created))["id"]!.GetValue<int>();
        var submittedPhone = (await ReadAsync(created))["address"]!["phone"]!.GetValue<string>();

        var forPlatform = await ReadAsync(await platform.GetAsync($"/api/v1/reship-requests/{id}"));
        var forErp = await ReadAsync(await erp.GetAsync($"/api/v1/reship-requests/{id}"));
        var listForPlatform = await ReadAsync(await platform.GetAsync("/api/v1/reship-requests"));

        Assert.Contains("****", submittedPhone);
        Assert.Contains("****", forPlatform["address"]!["phone"]!.GetValue<string>());
        Assert.Contains("****", listForPlatform["items"]![0]!["address"]!["phone"]!.GetValue<string>());
        Assert.DoesNotContain("*", forErp["address"]!["phone"]!.GetValue<string>());
    }
}

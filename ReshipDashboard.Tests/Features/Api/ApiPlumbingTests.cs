using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace ReshipDashboard.Tests.Features.Api;

public sealed class ApiPlumbingTests : ApiTestBase
{
    [Fact]
    public async Task Call_WithoutKey_Is401Problem()
    {
        using var anonymous = App.CreateApiClient(apiKey: null);
        using var response = await anonymous.GetAsync("/api/v1/products");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Call_WithUnknownKey_Is401Problem()
    {
        using var stranger = App.CreateApiClient(apiKey: "not-a-key");
        using var response = await stranger.PostAsJsonAsync("/api/v1/orders", OrderBody());
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Body_OverOneMebibyte_Is413()
    {
        var big = new string('x', 1024 * 1024 + 10);
        using var content = new StringContent($"{{\"orderNo\":\"{big}\"}}", Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("/api/v1/orders", content);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Body_OverOneMebibyte_WithoutKey_IsStill401_KeyIsCheckedFirst()
    {
        using var anonymous = App.CreateApiClient(apiKey: null);
        using var content = new StringContent(new string(' ', 2 * 1024 * 1024), Encoding.UTF8, "application/json");
        using var response = await anonymous.PostAsync("/api/v1/orders", content);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task MalformedJson_Is400WithBodyError()
    {
        using var content = new StringContent("{\"orderNo\": ", Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("/api/v1/orders", content);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Burst_AboveTheRateLimit_Is429WithRetryAfter()
    {
        // A cheap call (refused 400 before touching the database) still spends the key's allowance.
        var calls = Enumerable.Range(0, 800).Select(_ => Client.GetAsync("/api/v1/events?limit=0"));
        var responses = await Task.WhenAll(calls);
        try
        {
            var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            Assert.NotNull(limited.Headers.RetryAfter);
            await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
            // A key may make at least 50 calls a second.
            Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest) >= 50);
        }
        finally
        {
            foreach (var r in responses) r.Dispose();
        }
    }
}

using System.Net;
using ReshipDashboard.Data;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Hosting;

/// <summary>A database that goes away while the app runs: 503s for load balancers and the API, and recovery without a restart.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task WhileTheDatabaseIsAway_HealthAndApiAnswer503_AndBothRecoverByThemselves()
    {
        await using var app = new TestApp();
        var anonymous = app.CreateClient();
        var api = app.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/reissues")).StatusCode);

        await app.TakeDatabaseAwayAsync();
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/healthz")).StatusCode);
            var answer = await api.GetAsync("/api/v1/reissues");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.NotNull(answer.Headers.RetryAfter);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Exception", await answer.Content.ReadAsStringAsync());
        }
        finally
        {
            await app.BringDatabaseBackAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/reissues")).StatusCode);
    }

    [Fact]
    public async Task ADatabaseFileMovedAwayWhileRunning_Answers503_MakesNoFileInItsPlace_AndIsServedAgainOnceBack()
    {
        await using var app = new TestApp(provider: DatabaseProvider.Sqlite);
        var anonymous = app.CreateClient();
        var api = app.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/reissues")).StatusCode);

        var path = app.MoveDatabaseFileAway();
        try
        {
            // Noticed once the folder's notification arrives (milliseconds); until then the moved file still answers.
            HttpResponseMessage answer = null!;
            await Eventually.WaitUntilAsync(async () => (answer = await api.GetAsync("/api/v1/reissues")).StatusCode != HttpStatusCode.OK,
                "the API notices the file is gone");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Contains("数据库不可用", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/healthz")).StatusCode);
            Assert.False(File.Exists(path), "a new, empty database was made in the moved file's place");
        }
        finally
        {
            await app.BringDatabaseBackAsync();
        }

        await Eventually.WaitUntilAsync(async () => (await api.GetAsync("/api/v1/reissues")).StatusCode == HttpStatusCode.OK, "the file is served again");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task ForwardedHeaders_AreHonouredFromConfiguredProxiesOnly()
    {
        await using var trusting = new TestApp(realPort: true, settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        await using var untrusting = new TestApp(realPort: true);

        Assert.Equal("https", await SchemeSeenAsync(trusting));
        Assert.Equal("http", await SchemeSeenAsync(untrusting));
    }

    /// <summary>The sign-in cookie is marked Secure only when the app believes the request came over HTTPS.</summary>
    private static async Task<string> SchemeSeenAsync(TestApp app)
    {
        var address = app.StartOnRealPort();
        await app.EnsureAccountsAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");

        var signIn = await TestApp.SignInAsync(client, "admin", TestApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Reship.Auth=", StringComparison.Ordinal));
        return cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
    }
}

using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;
using ReshipDashboard.Features.Api;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Api;

/// <summary>A shop may raise a key's allowance (`Api:RateLimit`), never below the contract's 50 calls a second.</summary>
public sealed class ApiRateLimitTests : ApiTestBase
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Api:RateLimit:PerSecond"] = "1000",
        ["Api:RateLimit:Burst"] = "1000",
    };

    [Fact]
    public async Task RaisedAllowance_LetsABurstThroughThatTheDefaultRefuses()
    {
        // The default (a bucket of 200) refuses part of this burst: ApiPlumbingTests.Burst_AboveTheRateLimit_Is429WithRetryAfter.
        var responses = await Task.WhenAll(Enumerable.Range(0, 800).Select(_ => Client.GetAsync("/api/v1/events?limit=0")));
        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        }
        finally
        {
            foreach (var r in responses) r.Dispose();
        }
    }
}

/// <summary>What `Api:RateLimit` accepts: the contract's 50 calls a second at least, a burst no smaller than the rate.</summary>
public sealed class ApiRateLimitSettingsTests
{
    [Fact]
    public async Task Allowance_AtTheContractsMinimum_Starts()
    {
        await using var app = new TestApp(settings: Limits("50", "50"));
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("49", "200", "PerSecond")]
    [InlineData("100", "99", "Burst")]
    public async Task Allowance_BelowTheContractOrABurstBelowTheRate_StopsTheStartWithTheSettingNamed(string perSecond, string burst, string named)
    {
        await using var app = new TestApp(settings: Limits(perSecond, burst));
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var refused = Assert.IsType<OptionsValidationException>(Flatten(error).First(e => e is OptionsValidationException));
        Assert.Contains(refused.Failures, f => f.Contains($"Api:RateLimit:{named}", StringComparison.Ordinal) && f.Contains("must be at least", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AreWithinTheContract()
    {
        var defaults = new ApiRateLimitOptions();
        Assert.Empty(defaults.Validate(new ValidationContext(defaults)));
        Assert.True(defaults.PerSecond >= ApiRateLimitOptions.ContractMinimum);
    }

    private static Dictionary<string, string?> Limits(string perSecond, string burst) => new()
    {
        ["Api:RateLimit:PerSecond"] = perSecond,
        ["Api:RateLimit:Burst"] = burst,
    };

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        yield return error;
        IEnumerable<Exception> inner = error is AggregateException aggregate ? aggregate.InnerExceptions : error.InnerException is { } one ? [one] : [];
        foreach (var e in inner.SelectMany(Flatten)) yield return e;
    }
}

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

    [Theory]
    [InlineData("49", "200", "PerSecond")]
    [InlineData("100", "99", "Burst")]
    public async Task Allowance_BelowTheContractOrABurstBelowTheRate_StopsTheStartWithTheSettingNamed(string perSecond, string burst, string named)
    {
        await using var app = new TestApp(settings: new Dictionary<string, string?>
        {
            ["Api:RateLimit:PerSecond"] = perSecond,
            ["Api:RateLimit:Burst"] = burst,
        });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var refused = Assert.IsType<OptionsValidationException>(Flatten(error).First(e => e is OptionsValidationException));
        Assert.Contains(refused.Failures, f => f.Contains($"Api:RateLimit:{named}", StringComparison.Ordinal) && f.Contains("须不小于", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AreWithinTheContract()
    {
        var defaults = new ApiRateLimitOptions();
        Assert.Empty(defaults.Validate(new ValidationContext(defaults)));
        Assert.True(defaults.PerSecond >= ApiRateLimitOptions.ContractMinimum);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                    yield return inner;
        }
    }
}

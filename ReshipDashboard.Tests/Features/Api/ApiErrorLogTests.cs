using System.Net;
using System.Text;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Api;

/// <summary>
/// The app as a real process: hostile and wrong request bodies are answered with their 4xx and logged as no server
/// error, so the log an operator reads holds only what went wrong on the server.
/// </summary>
public sealed class ApiErrorLogTests : IDisposable
{
    private const string Key = "log-test-key-2026";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task BadBodies_AreAnsweredWithTheirFourHundreds_AndLogNoError()
    {
        await using var app = AppProcess.StartBuilt(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_folder.Path, "shop.db")}",
            ["Api__Keys__0"] = Key,
        });
        using var client = new HttpClient { BaseAddress = await app.WaitUntilListeningAsync(TimeSpan.FromMinutes(3)) };
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        (string Body, HttpStatusCode Expected)[] cases =
        [
            ("""{"orderNo": 5, "buyer": []}""", HttpStatusCode.BadRequest),
            ("{\"orderNo\": ", HttpStatusCode.BadRequest),
            ("not json at all", HttpStatusCode.BadRequest),
        ];
        foreach (var (body, expected) in cases)
        {
            using var response = await client.PostAsync("/api/v1/orders", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(expected, response.StatusCode);
        }
        using (var missing = await client.GetAsync("/api/v1/orders/999999-000000000000000"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        Assert.DoesNotContain("fail:", app.Output, StringComparison.Ordinal);
    }
}

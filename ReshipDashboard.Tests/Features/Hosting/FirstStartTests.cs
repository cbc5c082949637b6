using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Hosting;

/// <summary>
/// The app as a real process, started for the first time on a SQLite file in a folder that does not exist yet (a fresh
/// clone's App_Data): the database is made before anything else reads it, so the first start logs no error.
/// </summary>
public sealed class FirstStartTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FirstStart_InAFolderNotMadeYet_ServesTheSignInPage_AndLogsNoError()
    {
        var database = Path.Combine(_folder.Path, "App_Data", "shop.db");
        await using var app = AppProcess.StartBuilt(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Default"] = $"Data Source={database}",
        });
        var address = await app.WaitUntilListeningAsync(TimeSpan.FromMinutes(3));

        using var client = new HttpClient { BaseAddress = address };
        using var response = await client.GetAsync("/account/login");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}\n{app.Output}");
        Assert.True(File.Exists(database));
        Assert.DoesNotContain("fail:", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("unable to open database file", app.Output, StringComparison.Ordinal);
    }
}

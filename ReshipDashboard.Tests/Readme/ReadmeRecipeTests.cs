using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Readme;

/// <summary>
/// The README's commands, copied out of the README and run as a person would run them — a real process from the
/// repository's root — with only a free port and a database file of the test's own added to the environment.
/// </summary>
[Collection(ReadmeProcesses.Name)]
public sealed partial class ReadmeRecipeTests : IDisposable
{
    private const string DemoKey = "demo-key-reship-2026";
    private const string DemoPassword = "Demo@12345";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    private readonly string _folder = Directory.CreateTempSubdirectory("reship-readme-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunCommand_WithASetting_ServesTheDemoShop_OnLoopback_WithTheDemoAccountsAndKey()
    {
        // The README's example of a setting on the command line: the demo shop with 500 orders.
        var command = Readme.Command(line => line.StartsWith("dotnet run --project ReshipDashboard -- --Seed:Orders=500", StringComparison.Ordinal));
        await using var app = AppProcess.Start(command, Settings());
        var address = await app.WaitUntilListeningAsync(StartTimeout);

        await app.WaitForOutputAsync("Hosting environment: Development");
        using var client = Client(address);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(client, "admin", DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ApiGet(address, DemoKey)).StatusCode);
        Assert.Equal(500, Count("Orders"));
        Assert.DoesNotContain("listening beyond this machine", app.Output);

        // The README's curl example, pointed at this app's port.
        var curl = Readme.Command(line => line.StartsWith("curl ", StringComparison.Ordinal));
        Assert.Contains("http://localhost:5080/", curl);
        await using var call = AppProcess.Start(curl.Replace("http://localhost:5080/", address.ToString(), StringComparison.Ordinal) + " -s -f",
            new Dictionary<string, string>());
        Assert.Equal(0, await call.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("\"items\"", call.Output);
    }

    [Fact]
    public async Task ProductionRecipe_StartsAnEmptyShop_WhereOnlyTheInitialOwnerSignsIn()
    {
        var command = Readme.Command(line => line.Contains("--launch-profile Production", StringComparison.Ordinal));
        var (owner, password) = InitialOwner(command);
        await using var app = AppProcess.Start(command, Settings());
        var address = await app.WaitUntilListeningAsync(StartTimeout);

        await AssertProductionAsync(app, address, owner, password);
    }

    [Fact]
    public async Task PublishRecipe_ServesTheSameEmptyProductionShop()
    {
        const string placeholder = "/srv/reship-dashboard";
        var script = Readme.Block(block => block.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains(placeholder, script);
        var (owner, password) = InitialOwner(script);
        var output = Path.Combine(_folder, "published");
        await using var app = AppProcess.Start(script.Replace(placeholder, output, StringComparison.Ordinal), Settings());
        var address = await app.WaitUntilListeningAsync(StartTimeout);

        Assert.True(File.Exists(Path.Combine(output, "ReshipDashboard.dll")));
        await AssertProductionAsync(app, address, owner, password);
    }

    [Fact]
    public async Task Development_ListeningBeyondLoopback_WarnsInOneLine()
    {
        var command = Readme.Command(line => line == "dotnet run --project ReshipDashboard");
        var settings = Settings(("Seed__Orders", "20"));
        settings["Kestrel__Endpoints__Http__Url"] = "http://0.0.0.0:0";
        await using var app = AppProcess.Start(command, settings);
        await app.WaitUntilListeningAsync(StartTimeout);

        await Eventually.WaitUntilAsync(() => Task.FromResult(app.Output.Contains("listening beyond this machine", StringComparison.Ordinal)),
            "the exposure warning is logged", TimeSpan.FromSeconds(30));
        Assert.Single(app.Output.Split('\n'), l => l.Contains("the demo accounts and the demo API key are live", StringComparison.Ordinal));
    }

    private async Task AssertProductionAsync(AppProcess app, Uri address, string owner, string password)
    {
        await app.WaitForOutputAsync("Hosting environment: Production");
        Assert.Equal(0, Count("Orders"));
        Assert.Equal(0, Count("Reissues"));
        Assert.Equal(0, Count("Products"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiGet(address, DemoKey)).StatusCode);
        foreach (var demo in new[] { "admin", "warehouse", "support" })
        {
            using var refused = Client(address);
            Assert.Equal(HttpStatusCode.BadRequest, (await TestApp.SignInAsync(refused, demo, DemoPassword)).StatusCode);
        }
        using var client = Client(address);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.SignInAsync(client, owner, password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/settings/accounts")).StatusCode);
        // The styles of the component library are served, so the shop looks as it does in Development.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css")).StatusCode);
    }

    private Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Default"] = $"Data Source={DatabasePath}",
        };
        foreach (var (k, v) in more) settings[k] = v;
        return settings;
    }

    private string DatabasePath => Path.Combine(_folder, "shop.db");

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)command.ExecuteScalar()!;
    }

    private static HttpClient Client(Uri address) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };

    private static async Task<HttpResponseMessage> ApiGet(Uri address, string key)
    {
        using var client = Client(address);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return await client.GetAsync("/api/v1/orders?limit=1");
    }

    private static (string UserName, string Password) InitialOwner(string command)
    {
        var user = OwnerName().Match(command);
        var password = OwnerPassword().Match(command);
        Assert.True(user.Success && password.Success, "the recipe names the initial owner: " + command);
        return (user.Groups[1].Value, password.Groups[1].Value);
    }

    [GeneratedRegex(@"Accounts__InitialOwner__UserName=(\S+)")]
    private static partial Regex OwnerName();

    [GeneratedRegex(@"Accounts__InitialOwner__Password='([^']+)'")]
    private static partial Regex OwnerPassword();
}

[CollectionDefinition(Name)]
public sealed class ReadmeProcesses
{
    // One app process at a time: each builds or publishes the app, and two builds of one project at once collide.
    public const string Name = "README processes";
}

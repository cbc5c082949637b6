using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Data;
using ReshipDashboard.Data.Seeding;
using ReshipDashboard.Features.Accounts;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// The whole app on its own database (a SQLite file, or a PostgreSQL database when the run uses PostgreSQL) with
/// a fake clock, in-memory (TestServer) by default or on a real 127.0.0.1 port for the browser tests.
/// Environment "Testing": no demo data unless a test seeds it. <see cref="SecondInstance"/> starts another
/// instance of the app on the same database, as a load balancer's second node.
/// </summary>
public sealed partial class TestApp : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-key-all-scopes";

    /// <summary>Password of the accounts admin, warehouse and support that <see cref="EnsureAccountsAsync"/> creates.</summary>
    public const string Password = "Test@12345";

    private readonly SemaphoreSlim _accountsOnce = new(1, 1);
    private bool _accountsReady;

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "reship-tests", $"app-{Guid.NewGuid():N}.db");
    private readonly DatabaseProvider _provider;
    private readonly TestApp? _first;
    private readonly List<TestApp> _others = [];
    private string? _postgres;
    private readonly Dictionary<string, string?> _settings = new();
    private string? _realAddress;

    private readonly Action<IServiceCollection>? _configure;

    public TestApp(bool realPort = false, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null,
        DatabaseProvider? provider = null)
        : this(realPort, settings, configure, provider ?? TestProvider.Current, null)
    {
    }

    private TestApp(bool realPort, IDictionary<string, string?>? settings, Action<IServiceCollection>? configure,
        DatabaseProvider provider, TestApp? first)
    {
        _configure = configure;
        _provider = provider;
        _first = first;
        if (first is not null)
        {
            _databasePath = first._databasePath;
            Clock = first.Clock;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        if (settings is not null) foreach (var (k, v) in settings) _settings[k] = v;
        if (realPort) UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The clock every service sees; tests move it instead of waiting.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));

    public DatabaseProvider Provider => _provider;

    /// <summary>Another instance of the app on this one's database and clock (disposed with this one).</summary>
    public TestApp SecondInstance(IDictionary<string, string?>? settings = null)
    {
        var merged = new Dictionary<string, string?>(_settings);
        if (settings is not null) foreach (var (k, v) in settings) merged[k] = v;
        var other = new TestApp(false, merged, _configure, _provider, this);
        _others.Add(other);
        return other;
    }

    /// <summary>The connection string the app uses (a PostgreSQL database is created on first use).</summary>
    private string ConnectionString
    {
        get
        {
            if (_first is not null) return _first.ConnectionString;
            if (_provider == DatabaseProvider.Sqlite) return $"Data Source={_databasePath};Default Timeout=30";
            return _postgres ??= TestProvider.CreatePostgresDatabaseAsync().GetAwaiter().GetResult();
        }
    }

    public IDbContextFactory<ReshipDbContext> Db => Services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();

    /// <summary>Starts Kestrel (when on a real port) and returns the address, e.g. http://127.0.0.1:41234.</summary>
    public string StartOnRealPort()
    {
        StartServer();
        _realAddress = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return _realAddress;
    }

    public async Task SeedDemoShopAsync(int orders = 300, int seed = 20261126)
    {
        StartServer(); // the host (and its migrations) must have started
        await Services.GetRequiredService<DemoShopSeeder>().SeedAsync(orders, seed);
    }

    /// <summary>One account per role (named after it) with <see cref="Password"/>; safe to call again.</summary>
    public async Task EnsureAccountsAsync()
    {
        StartServer();
        await _accountsOnce.WaitAsync();
        try
        {
            if (_accountsReady) return;
            await Services.GetRequiredService<AccountSeeder>().EnsureDemoAccountsAsync(Password);
            _accountsReady = true;
        }
        finally
        {
            _accountsOnce.Release();
        }
    }

    /// <summary>An HTTP client without redirects, signed in as the role's account through the real sign-in form (null: anonymous).</summary>
    public async Task<HttpClient> CreateClientAsAsync(string? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (role is null) return client;
        await EnsureAccountsAsync();
        var response = await SignInAsync(client, role, Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {role} answered {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Posts the sign-in form as a browser would (antiforgery token from the form) and returns the answer.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form);
        if (!token.Success) throw new InvalidOperationException("The sign-in form has no antiforgery token");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public HttpClient CreateApiClient(string? apiKey = ApiKey)
    {
        // On a real port the in-memory handler is not there: talk to Kestrel over the loopback.
        var client = _realAddress is null
            ? CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            : new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_realAddress) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets(); // blazor.web.js and MudBlazor's files, as in Development
        builder.UseSetting("Database:Provider", _provider.ToString());
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Api:Keys:0", ApiKey);
        builder.UseSetting("Accounts:SignInAttemptsPerMinute", "100000");
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            _configure?.Invoke(services);
        });
    }

    /// <summary>Makes the app's database unreachable, as a server that went away (undo with <see cref="BringDatabaseBackAsync"/>).</summary>
    public async Task TakeDatabaseAwayAsync()
    {
        if (_postgres is not null)
        {
            await TestProvider.RenamePostgresDatabaseAsync(_postgres, away: true);
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(_databasePath + suffix)) File.Move(_databasePath + suffix, _databasePath + suffix + ".away");
        Directory.CreateDirectory(_databasePath); // a path that cannot be opened as a database
    }

    /// <summary>
    /// Moves the SQLite file (with its -wal and -shm) away as an operator might, without the app's pools being told
    /// (undo with <see cref="BringDatabaseBackAsync"/>). Returns the path it was moved from.
    /// </summary>
    public string MoveDatabaseFileAway()
    {
        if (_postgres is not null) throw new InvalidOperationException("A PostgreSQL database has no file to move.");
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(_databasePath + suffix)) File.Move(_databasePath + suffix, _databasePath + suffix + ".away");
        return _databasePath;
    }

    public async Task BringDatabaseBackAsync()
    {
        if (_postgres is not null)
        {
            await TestProvider.RenamePostgresDatabaseAsync(_postgres, away: false);
            return;
        }
        if (Directory.Exists(_databasePath)) Directory.Delete(_databasePath);
        // The journal files first: the app may open the database the moment its file is back.
        foreach (var suffix in new[] { "-wal", "-shm", "" })
            if (File.Exists(_databasePath + suffix + ".away")) File.Move(_databasePath + suffix + ".away", _databasePath + suffix);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var other in _others) await other.DisposeAsync();
        await base.DisposeAsync();
        if (_first is not null) return; // the first instance owns the database
        if (_postgres is not null)
        {
            await TestProvider.DropPostgresDatabaseAsync(_postgres);
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(_databasePath + suffix); } catch (IOException) { }
        }
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Accounts;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Settings.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Settings.Accounts;

/// <summary>Identity (the app's rules) over a migrated database of its own, the roles created, and the account service as any person.</summary>
public sealed class AccountHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<AsyncServiceScope> _scopes = [];

    private AccountHarness(TestDatabase database)
    {
        Database = database;
        var services = new ServiceCollection();
        AddIdentity(services, database);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddScoped<CurrentActor>();
        services.AddScoped<AccessGuard>();
        services.AddSingleton<SessionRevocations>();
        services.AddScoped<AccountService>();
        _services = services.BuildServiceProvider();
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));

    /// <summary>Identity as the app configures it, its store on a context of the test database per scope.</summary>
    public static void AddIdentity(IServiceCollection services, TestDatabase database)
    {
        services.AddSingleton<IDbContextFactory<ReshipDbContext>>(database);
        services.AddScoped(_ => database.CreateDbContext());
        services.AddIdentityCore<ReshipUser>(AccountSetup.IdentityRules)
            .AddRoles<ReshipRole>()
            .AddEntityFrameworkStores<ReshipDbContext>();
    }

    /// <summary>The three roles and the accounts admin, warehouse and support.</summary>
    public static async Task SeedAsync(IServiceProvider services, string password)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<ReshipRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
        foreach (var role in Roles.All)
        {
            await roles.CreateAsync(new ReshipRole(role));
            var user = new ReshipUser(role);
            await users.CreateAsync(user, password);
            await users.AddToRoleAsync(user, role);
        }
    }

    public const string Password = "Test@12345";

    public static async Task<AccountHarness> CreateAsync()
    {
        var harness = new AccountHarness(await TestDatabase.CreateAsync());
        await SeedAsync(harness._services, Password);
        return harness;
    }

    /// <summary>The service as the signed-in person of that name and role (the owner `admin` by default).</summary>
    public AccountService As(string name = "admin", string role = Roles.Admin)
    {
        var scope = _services.CreateAsyncScope();
        _scopes.Add(scope);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().User = TestActors.Person(name, role);
        return scope.ServiceProvider.GetRequiredService<AccountService>();
    }

    /// <summary>Runs a check against Identity in a scope of its own.</summary>
    public async Task<T> WithUsersAsync<T>(Func<UserManager<ReshipUser>, Task<T>> read)
    {
        await using var scope = _services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes) await scope.DisposeAsync();
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

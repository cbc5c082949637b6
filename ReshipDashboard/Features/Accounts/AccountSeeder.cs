using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data.Seeding;
using ReshipDashboard.Domain.Accounts;

namespace ReshipDashboard.Features.Accounts;

/// <summary>
/// Roles always; the demo accounts (admin, warehouse, support) in Development only; the first owner from
/// `Accounts:InitialOwner` when no owner exists. Outside Development a demo account that still has the demo
/// password is locked, so no demo account can be used there.
/// </summary>
public sealed class AccountSeeder(IServiceScopeFactory scopes, IOptions<SeedOptions> seed, IOptions<AccountOptions> accounts,
    IHostEnvironment environment, ILogger<AccountSeeder> logger)
{
    public async Task ApplyAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRolesAsync();
        if (environment.IsDevelopment()) await EnsureDemoAccountsAsync(seed.Value.DemoPassword);
        else await LockDemoAccountsAsync(seed.Value.DemoPassword);
        await EnsureInitialOwnerAsync(accounts.Value.InitialOwner);
    }

    public async Task EnsureRolesAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<ReshipRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new ReshipRole(role)), role);
    }

    /// <summary>One account per role, named after the role.</summary>
    public async Task EnsureDemoAccountsAsync(string password)
    {
        await EnsureRolesAsync();
        foreach (var role in Roles.All) await EnsureUserAsync(role, password, role);
    }

    public async Task EnsureUserAsync(string userName, string password, string role)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
        if (await users.FindByNameAsync(userName) is not null) return;
        var user = new ReshipUser(userName);
        Check(await users.CreateAsync(user, password), userName);
        Check(await users.AddToRoleAsync(user, role), userName);
    }

    private async Task EnsureInitialOwnerAsync(InitialOwnerOptions owner)
    {
        if (string.IsNullOrWhiteSpace(owner.UserName) || string.IsNullOrEmpty(owner.Password)) return;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0) return;
        await EnsureUserAsync(owner.UserName.Trim(), owner.Password, Roles.Admin);
        logger.LogInformation("Created the first owner account {UserName}", owner.UserName.Trim());
    }

    private async Task LockDemoAccountsAsync(string demoPassword)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
        foreach (var name in Roles.All)
        {
            if (await users.FindByNameAsync(name) is not { } user || !await users.CheckPasswordAsync(user, demoPassword)) continue;
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
            logger.LogWarning("Demo account {UserName} still has the demo password and has been locked", name);
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Cannot create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}

/// <summary>Runs after the database start-up: roles, demo accounts (Development) and the first owner.</summary>
public sealed class AccountStartup(AccountSeeder seeder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => seeder.ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

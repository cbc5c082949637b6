namespace ReshipDashboard.Tests.TestSupport;

/// <summary>Waits for a condition that a background service makes true, checking often and giving up after a bound.</summary>
public static class Eventually
{
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Action? betweenChecks = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {what}");
            betweenChecks?.Invoke();
            await Task.Delay(20);
        }
    }
}

/// <summary>
/// A <see cref="ReshipDashboard.Features.Shared.CurrentActor"/> for services built by hand in tests: a person acts as
/// the owner (or the given role), an API key holds every scope, the system acts as the background jobs do.
/// </summary>
public static class TestActors
{
    private static readonly IServiceProvider NoServices = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(new Microsoft.Extensions.DependencyInjection.ServiceCollection());

    public static ReshipDashboard.Features.Shared.CurrentActor Of(ReshipDashboard.Domain.Common.Actor actor, string role = ReshipDashboard.Features.Accounts.Roles.Admin) =>
        new(NoServices) { Actor = actor, User = actor.Kind switch
        {
            ReshipDashboard.Domain.Common.ActorKind.Person => Person(actor.Name, role),
            ReshipDashboard.Domain.Common.ActorKind.ApiKey => Key(actor.Name, [.. ReshipDashboard.Features.Accounts.ApiScopes.All]),
            _ => null,
        } };

    public static ReshipDashboard.Features.Shared.CurrentActor Owner() => Of(ReshipDashboard.Domain.Common.Actor.Person("店主"));

    /// <summary>A signed-in person of the role (named after it, as the demo accounts are).</summary>
    public static ReshipDashboard.Features.Shared.CurrentActor As(string role) => Of(ReshipDashboard.Domain.Common.Actor.Person(role), role);

    /// <summary>An API key holding only the given scopes.</summary>
    public static ReshipDashboard.Features.Shared.CurrentActor KeyWith(params string[] scopes) =>
        new(NoServices) { Actor = ReshipDashboard.Domain.Common.Actor.ApiKey("key"), User = Key("key", scopes) };

    public static System.Security.Claims.ClaimsPrincipal Person(string name, string role) =>
        new(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.Name, name), new(System.Security.Claims.ClaimTypes.Role, role)], "Identity.Application"));

    public static System.Security.Claims.ClaimsPrincipal Key(string name, string[] scopes) =>
        new(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.Name, name), .. scopes.Select(s => new System.Security.Claims.Claim(ReshipDashboard.Features.Accounts.ApiScopes.ClaimType, s))],
            ReshipDashboard.Features.Accounts.ApiScopes.AuthenticationScheme));
}

using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Accounts;

namespace ReshipDashboard.Features.Shared;

/// <summary>
/// Who is acting in this scope: the signed-in person of a browser circuit or page request (from the
/// authentication state), the calling API key, or — in a background scope nobody signed in to — the system.
/// </summary>
public sealed class CurrentActor(IServiceProvider services)
{
    private Actor? _actor;
    private ClaimsPrincipal? _user;

    /// <summary>The signed-in person or API key; null in a background scope.</summary>
    public ClaimsPrincipal? User
    {
        get => _user ?? Resolve();
        set => _user = value;
    }

    public Actor Actor
    {
        get => _actor ?? ActorOf(User) ?? Actor.System;
        set => _actor = value;
    }

    /// <summary>True when a background job set <see cref="Actor.System"/> on purpose (nobody signed in).</summary>
    public bool IsSystem => _actor is { Kind: ActorKind.System } && User?.Identity?.IsAuthenticated != true;

    public static Actor? ActorOf(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity) return null;
        var name = user.FindFirstValue(ClaimTypes.Name) ?? identity.Name ?? "?";
        return identity.AuthenticationType == ApiScopes.AuthenticationScheme ? Actor.ApiKey(name) : Actor.Person(name);
    }

    private ClaimsPrincipal? Resolve()
    {
        // In a circuit (and a server-rendered page) the authentication state is known; in an API request the
        // request's user is.
        if (services.GetService(typeof(AuthenticationStateProvider)) is AuthenticationStateProvider provider)
        {
            try
            {
                // A known state is the answer, anonymous included: after a lock or a role change the circuit's
                // state turns anonymous, and the WebSocket request's old user must not stand in for it.
                var state = provider.GetAuthenticationStateAsync();
                if (state.IsCompletedSuccessfully) return state.Result.User.Identity?.IsAuthenticated == true ? state.Result.User : null;
                if (!state.IsCompleted) return null;
            }
            catch (InvalidOperationException)
            {
                // Not a Blazor scope: the state was never set.
            }
        }
        var http = (services.GetService(typeof(Microsoft.AspNetCore.Http.IHttpContextAccessor)) as Microsoft.AspNetCore.Http.IHttpContextAccessor)?.HttpContext;
        return http?.User.Identity?.IsAuthenticated == true ? http.User : null;
    }
}

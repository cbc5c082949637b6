using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReshipDashboard.Domain.Accounts;

namespace ReshipDashboard.Features.Accounts;

/// <summary>
/// A circuit's person: turned anonymous the moment <see cref="SessionRevocations"/> names them (locked, role
/// changed, password reset on this instance), and re-checked every minute against the security stamp for changes
/// made elsewhere.
/// </summary>
public sealed class RevalidatingAuthenticationState : RevalidatingServerAuthenticationStateProvider
{
    private static readonly Task<AuthenticationState> Anonymous = Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));

    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<IdentityOptions> _options;
    private readonly SessionRevocations _revocations;
    private string? _userId;

    public RevalidatingAuthenticationState(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> options,
        SessionRevocations revocations) : base(loggerFactory)
    {
        (_scopes, _options, _revocations) = (scopes, options, revocations);
        AuthenticationStateChanged += Remember;
        _revocations.Revoked += OnRevoked;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    private async void Remember(Task<AuthenticationState> state)
    {
        try
        {
            _userId = (await state).User.FindFirstValue(_options.Value.ClaimsIdentity.UserIdClaimType);
        }
        catch (Exception)
        {
            _userId = null;
        }
    }

    private void OnRevoked(string userId)
    {
        if (_userId is null || _userId != userId) return;
        _userId = null;
        SetAuthenticationState(Anonymous);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _revocations.Revoked -= OnRevoked;
            AuthenticationStateChanged -= Remember;
        }
        base.Dispose(disposing);
    }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null || await users.IsLockedOutAsync(user)) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = state.User.FindFirstValue(_options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Accounts;

/// <summary>
/// Carries account changes made on another instance to this one's circuits: every
/// <see cref="DatabaseOptions.ChangePollInterval"/> it reads each account's security stamp (a lock, role change or
/// password reset writes a new one) and names the changed people to <see cref="SessionRevocations"/>, so their open
/// circuits here turn anonymous within about a second. Page requests need no help: the stamp is checked on each.
/// Off when the interval is not set (SQLite, one instance).
/// </summary>
public sealed class SessionStampWatcher(
    IDbContextFactory<ReshipDbContext> factory,
    SessionRevocations revocations,
    IOptions<DatabaseOptions> options,
    ILogger<SessionStampWatcher> logger) : DatabasePoller(options, logger)
{
    private Dictionary<int, string?>? _stamps;

    protected override string What => "the accounts' security stamps";

    /// <summary>Names every account whose stamp changed since the last read (none on the first); returns how many.</summary>
    public override async Task<int> PollAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = await db.Users.AsNoTracking().Select(u => new { u.Id, u.SecurityStamp }).ToDictionaryAsync(u => u.Id, u => u.SecurityStamp, cancellationToken);
        var before = _stamps;
        _stamps = now;
        if (before is null) return 0;
        var changed = now.Where(u => before.TryGetValue(u.Key, out var stamp) && stamp != u.Value).Select(u => u.Key)
            .Concat(before.Keys.Where(id => !now.ContainsKey(id))).ToList();
        foreach (var id in changed) revocations.Revoke(id);
        return changed.Count;
    }
}

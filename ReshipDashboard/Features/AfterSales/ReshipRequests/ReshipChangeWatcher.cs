using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>
/// Carries reship-request changes across instances: every <see cref="DatabaseOptions.ChangePollInterval"/> it reads
/// the change feed (written in the same transaction as each change, by whichever instance made it) and raises
/// <see cref="ReshipRequestChanges"/> here, so a queue open on this instance shows a request submitted through
/// another within about a second. Off when the interval is not set (SQLite, one instance).
/// </summary>
public sealed class ReshipChangeWatcher(
    IDbContextFactory<ReshipDbContext> factory,
    ReshipRequestChanges changes,
    IOptions<DatabaseOptions> options,
    ILogger<ReshipChangeWatcher> logger) : DatabasePoller(options, logger)
{
    private const string Subject = "reship_request/";

    /// <summary>Ids are taken before commit: a change committed late with a lower id is still seen within this window.</summary>
    private const long LookBack = 500;

    private readonly HashSet<long> _seen = [];
    private long _highest = -1;

    protected override string What => "the change feed";

    /// <summary>Raises a change for every reship request named by feed events not seen before; returns how many.</summary>
    public override async Task<int> PollAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (_highest < 0)
        {
            // Start from now: what happened before this instance started is already on every page it serves.
            _highest = await db.OutboxEvents.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
            var start = _highest - LookBack;
            _seen.UnionWith(await db.OutboxEvents.Where(e => e.Id > start).Select(e => e.Id).ToListAsync(cancellationToken));
            return 0;
        }
        var from = _highest - LookBack;
        var events = await db.OutboxEvents.AsNoTracking()
            .Where(e => e.Id > from && e.Subject.StartsWith(Subject))
            .OrderBy(e => e.Id).Select(e => new { e.Id, e.Subject }).Take(1000).ToListAsync(cancellationToken);
        var fresh = events.Where(e => _seen.Add(e.Id)).ToList();
        if (events.Count > 0) _highest = Math.Max(_highest, events[^1].Id);
        _seen.RemoveWhere(id => id <= _highest - LookBack);

        var ids = fresh.Select(e => int.TryParse(e.Subject.AsSpan(Subject.Length), out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
        if (ids.Count == 0) return 0;
        var statuses = await db.ReshipRequests.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.Status }).ToListAsync(cancellationToken);
        foreach (var r in statuses) changes.Raise(new ReshipChange(r.Id, r.Status));
        return statuses.Count;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data;

/// <summary>
/// The one save-time step that records changes: the events tracked entities raised become audit entries and
/// change-feed events (<see cref="ChangeRecording"/>) in the same save, in the order they were raised. A part that
/// names a record new in this unit of work waits for the save that stores it (its key is known only then); callers
/// that create records save once more before they commit.
/// </summary>
public sealed class ChangeRecorder : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Adds the rows of every raised event that can be recorded now; also run by <see cref="SetBasedSave"/>.</summary>
    internal static void Record(DbContext? context)
    {
        if (context is not ReshipDbContext db) return;
        var raised = new List<(IHasDomainEvents Source, DomainEvent Event)>();
        foreach (var entry in db.ChangeTracker.Entries<IHasDomainEvents>())
            foreach (var e in entry.Entity.Events) raised.Add((entry.Entity, e));
        foreach (var (source, e) in raised.OrderBy(r => r.Event.Sequence))
        {
            if (!e.Audited && Stored(db, e.AuditAwaits))
            {
                if (e.Audit() is { } audit) db.Audit(e.Actor, e.AtUtc, audit);
                e.Audited = true;
            }
            if (!e.Fed && Stored(db, e.FeedAwaits))
            {
                if (e.Feed() is { } feed) db.Publish(e.AtUtc, feed.Type, feed.Subject, feed.Data);
                e.Fed = true;
            }
            if (e.Audited && e.Fed) source.Forget(e);
        }
    }

    private static bool Stored(ReshipDbContext db, object? record) => record is null || db.Entry(record).State != EntityState.Added;
}

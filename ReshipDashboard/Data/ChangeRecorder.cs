using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data;

/// <summary>
/// The one save-time step that records changes: the events tracked entities raised become audit entries and
/// change-feed events (<see cref="ChangeRecording"/>) in the same save, in the order they were raised. A part that
/// names a record new in this unit of work waits for the save that stores it (its key is known only then), and is
/// written by the save that follows it at once.
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

    /// <summary>
    /// A part left waiting for a record this save has just stored is written at once, by one more save in the same
    /// transaction: no caller has to remember it, and nothing raised is dropped with the context.
    /// </summary>
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is ReshipDbContext db && Waiting(db)) db.SaveChanges();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ReshipDbContext db && Waiting(db)) await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>Whether a tracked entity holds raised events not written yet.</summary>
    internal static bool Waiting(ReshipDbContext db)
    {
        // The save has just detected every change: looking again would cost a scan of the whole context.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.ChangeTracker.Entries<IHasDomainEvents>().Any(e => e.Entity.Events.Count > 0);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
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

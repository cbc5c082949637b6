namespace ReshipDashboard.Domain.Common;

/// <summary>
/// A business change an entity made, raised by its guarded method and recorded when the unit of work is saved: an
/// audit entry and a change-feed event, in the same transaction as the change. What they say is read at save time,
/// so a record created in the same unit of work is named by its stored key.
/// </summary>
public abstract record DomainEvent(Actor Actor, DateTime AtUtc)
{
    private static long _raised;

    /// <summary>The order events were raised in, across entities: their rows are written in that order.</summary>
    public long Sequence { get; } = Interlocked.Increment(ref _raised);

    /// <summary>The audit entry this change leaves, if any.</summary>
    public virtual AuditFact? Audit() => null;

    /// <summary>The change-feed event this change publishes, if any.</summary>
    public virtual FeedFact? Feed() => null;

    /// <summary>A record new in this unit of work that the audit entry names: it is written once that record is stored.</summary>
    public virtual object? AuditAwaits => null;

    /// <summary>A record new in this unit of work that the feed event names: it is written once that record is stored.</summary>
    public virtual object? FeedAwaits => null;

    internal bool Audited { get; set; }
    internal bool Fed { get; set; }
}

/// <summary>What an audit entry says about one change (<see cref="Audit.AuditEntry"/>).</summary>
public sealed record AuditFact(string EntityType, int EntityId, int? OrderId, string Action,
    string? FromStatus = null, string? ToStatus = null, string? Note = null);

/// <summary>What a change-feed event says: its type, subject (`kind/key`) and own data, before the subject's common fields.</summary>
public sealed record FeedFact(string Type, string Subject, object Data);

/// <summary>An entity that raises <see cref="DomainEvent"/>s for the save-time step to record.</summary>
public interface IHasDomainEvents
{
    /// <summary>Raised and not yet recorded, oldest first.</summary>
    IReadOnlyList<DomainEvent> Events { get; }

    void Forget(DomainEvent recorded);
}

/// <summary>
/// The base of entities that raise events. The list is not mapped: an explicit interface member, which EF's
/// conventions do not see.
/// </summary>
public abstract class RaisesEvents : IHasDomainEvents
{
    private readonly List<DomainEvent> _events = [];

    IReadOnlyList<DomainEvent> IHasDomainEvents.Events => _events;

    void IHasDomainEvents.Forget(DomainEvent recorded) => _events.Remove(recorded);

    /// <summary>Raises <paramref name="change"/> when it is known who made it; a change without an author (seeding) is not recorded.</summary>
    protected void Raise(DomainEvent? change)
    {
        if (change is not null) _events.Add(change);
    }
}

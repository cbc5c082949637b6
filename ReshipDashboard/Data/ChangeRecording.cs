using System.Text.Json;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data;

/// <summary>
/// Adds the audit entry and the change-feed event to the same unit of work as the change they describe: for the events
/// entities raise (<see cref="ChangeRecorder"/>), and for what is no entity's change (a sign-in, an upload's summary).
/// </summary>
public static class ChangeRecording
{
    private static readonly JsonSerializerOptions FeedJson = new(JsonSerializerDefaults.Web);

    public static void Audit(this ReshipDbContext db, Actor actor, DateTime nowUtc, string entityType, int entityId, int? orderId,
        string action, string? fromStatus = null, string? toStatus = null, string? note = null) =>
        db.AuditEntries.Add(new AuditEntry(actor, nowUtc, entityType, entityId, orderId, action, fromStatus, toStatus, note));

    internal static void Audit(this ReshipDbContext db, Actor actor, DateTime nowUtc, AuditFact fact) =>
        db.Audit(actor, nowUtc, fact.EntityType, fact.EntityId, fact.OrderId, fact.Action, fact.FromStatus, fact.ToStatus, fact.Note);

    /// <summary>
    /// Adds a feed event: its own <paramref name="data"/>, then the fields every event of its subject's kind carries
    /// (<see cref="FeedSubjects"/>), so a client reads e.g. a reship request's order and reissue from any of its events.
    /// </summary>
    public static void Publish(this ReshipDbContext db, DateTime nowUtc, string type, string subject, object data)
    {
        var json = JsonSerializer.SerializeToNode(data, FeedJson)!.AsObject();
        foreach (var (name, value) in FeedSubjects.Common(db, subject))
            if (!json.ContainsKey(name)) json[name] = JsonSerializer.SerializeToNode(value, FeedJson);
        db.OutboxEvents.Add(new OutboxEvent(nowUtc, type, subject, json.ToJsonString(FeedJson)));
    }
}

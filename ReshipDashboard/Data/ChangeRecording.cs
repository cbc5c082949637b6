using System.Text.Json;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data;

/// <summary>Adds the audit entry and the change-feed event to the same unit of work as the change they describe.</summary>
public static class ChangeRecording
{
    private static readonly JsonSerializerOptions FeedJson = new(JsonSerializerDefaults.Web);

    public static void Audit(this ReshipDbContext db, Actor actor, DateTime nowUtc, string entityType, int entityId, int? orderId,
        string action, string? fromStatus = null, string? toStatus = null, string? note = null) =>
        db.AuditEntries.Add(new AuditEntry(actor, nowUtc, entityType, entityId, orderId, action, fromStatus, toStatus, note));

    public static void Publish(this ReshipDbContext db, DateTime nowUtc, string type, string subject, object data) =>
        db.OutboxEvents.Add(new OutboxEvent(nowUtc, type, subject, JsonSerializer.Serialize(data, FeedJson)));
}

using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Audit;

/// <summary>One recorded change: who, when, on what, the action and the status before and after.</summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(Actor actor, DateTime atUtc, string entityType, int entityId, int? orderId, string action,
        string? fromStatus = null, string? toStatus = null, string? note = null)
    {
        ActorKind = actor.Kind;
        ActorName = actor.Name;
        AtUtc = atUtc;
        EntityType = entityType;
        EntityId = entityId;
        OrderId = orderId;
        Action = action;
        FromStatus = fromStatus;
        ToStatus = toStatus;
        Note = note;
    }

    public long Id { get; private set; }
    public DateTime AtUtc { get; private set; }
    public ActorKind ActorKind { get; private set; }
    public string ActorName { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public int EntityId { get; private set; }
    public int? OrderId { get; private set; }
    public string Action { get; private set; } = "";
    public string? FromStatus { get; private set; }
    public string? ToStatus { get; private set; }
    public string? Note { get; private set; }

    public Actor Actor => new(ActorKind, ActorName);
}

public static class AuditSubjects
{
    public const string Order = "order";
    public const string Shipment = "shipment";
    public const string Reissue = "reissue";
    public const string ReshipRequest = "reship_request";
    public const string AfterSale = "after_sale";
    public const string Product = "product";
    public const string Account = "account";
    public const string ApiKey = "api_key";
    public const string FreightRate = "freight_rate";
    public const string ShopSettings = "shop_settings";
}

/// <summary>An entry of the change feed, written in the same transaction as the change (outbox).</summary>
public sealed class OutboxEvent
{
    private OutboxEvent() { }

    public OutboxEvent(DateTime atUtc, string type, string subject, string dataJson)
    {
        AtUtc = atUtc;
        Type = type;
        Subject = subject;
        DataJson = dataJson;
    }

    public long Id { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string Type { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string DataJson { get; private set; } = "{}";
}

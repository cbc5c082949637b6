using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Shipments;

public enum ShipmentStatus
{
    Collected,
    InTransit,
    Intercepted,
    Returned,
    Delivered,
}

public enum ShipmentKind
{
    Original,
    Reissue,
}

/// <summary>What a courier event did to a shipment.</summary>
public enum CourierEventOutcome
{
    Applied,
    /// <summary>The event repeats the current status; nothing changed.</summary>
    Repeated,
    /// <summary>The event is older than the one that set the current status: recorded, status unchanged.</summary>
    Stale,
}

/// <summary>One parcel: the order's original shipment or a reissue's, with its courier status history.</summary>
public sealed class Shipment : IVersioned
{
    private readonly List<ShipmentEvent> _events = [];

    private Shipment() { }

    public Shipment(int orderId, ShipmentKind kind, Courier courier, string trackingNo, DateTime nowUtc)
    {
        OrderId = orderId;
        Kind = kind;
        Carrier = courier.Code;
        TrackingNo = trackingNo;
        Status = ShipmentStatus.Collected;
        CreatedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
        _events.Add(new ShipmentEvent(ShipmentStatus.Collected, nowUtc, nowUtc, applied: true));
    }

    public int Id { get; private set; }
    public int OrderId { get; private set; }
    public int? ReissueId { get; private set; }
    public ShipmentKind Kind { get; private set; }
    public string Carrier { get; private set; } = "";
    public string TrackingNo { get; private set; } = "";
    public ShipmentStatus Status { get; private set; }

    /// <summary>Whether a courier interception ever succeeded on this parcel (judged by history, so it survives a later return).</summary>
    public bool WasIntercepted { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>When the courier event that set the current status happened; null while only the creation set it.</summary>
    public DateTime? StatusEventAtUtc { get; private set; }

    public Guid Version { get; set; }

    public IReadOnlyList<ShipmentEvent> Events => _events;

    /// <summary>The parcel was stopped: intercepted or sent back, so the buyer does not get it.</summary>
    public bool IsStopped => Status is ShipmentStatus.Intercepted or ShipmentStatus.Returned;

    public bool IsMoving => Status is ShipmentStatus.Collected or ShipmentStatus.InTransit;

    public static bool Allows(ShipmentStatus from, ShipmentStatus to) => from switch
    {
        ShipmentStatus.Collected or ShipmentStatus.InTransit =>
            to is ShipmentStatus.InTransit or ShipmentStatus.Intercepted or ShipmentStatus.Returned or ShipmentStatus.Delivered,
        ShipmentStatus.Intercepted => to is ShipmentStatus.Returned or ShipmentStatus.Delivered,
        _ => false,
    };

    /// <summary>How many out-of-order events one parcel keeps; later ones are answered but not recorded.</summary>
    public const int MaxStaleEvents = 20;

    /// <summary>
    /// Applies a courier event following the table in api.md; throws when the table refuses it. An out-of-order event
    /// is recorded (without changing the status) unless the same one is already recorded (<paramref name="staleSeen"/>)
    /// or the parcel already keeps <see cref="MaxStaleEvents"/> of them (<paramref name="staleKept"/>): then it is a repeat.
    /// </summary>
    public CourierEventOutcome ApplyCourierEvent(ShipmentStatus status, DateTime atUtc, DateTime nowUtc, int staleKept = 0, bool staleSeen = false)
    {
        if (status == Status)
            return CourierEventOutcome.Repeated;
        if (status == ShipmentStatus.Collected)
            throw DomainException.State("快递状态不能回到{0}，当前状态为{1}", "collected", ApiWords.Of(Status));
        if (StatusEventAtUtc is { } last && atUtc < last)
        {
            if (staleSeen || staleKept >= MaxStaleEvents) return CourierEventOutcome.Repeated;
            _events.Add(new ShipmentEvent(status, atUtc, nowUtc, applied: false));
            UpdatedAtUtc = nowUtc;
            return CourierEventOutcome.Stale;
        }
        if (!Allows(Status, status))
            throw DomainException.State("快递状态不能从{0}变为{1}", ApiWords.Of(Status), ApiWords.Of(status));

        _events.Add(new ShipmentEvent(status, atUtc, nowUtc, applied: true));
        Status = status;
        StatusEventAtUtc = atUtc;
        UpdatedAtUtc = nowUtc;
        if (status == ShipmentStatus.Intercepted) WasIntercepted = true;
        return CourierEventOutcome.Applied;
    }

    /// <summary>Replaces a wrong tracking number on a shipped reissue parcel (更正物流单号).</summary>
    public void CorrectTrackingNumber(Courier courier, string trackingNo, DateTime nowUtc)
    {
        Carrier = courier.Code;
        TrackingNo = trackingNo;
        UpdatedAtUtc = nowUtc;
    }
}

public sealed class ShipmentEvent
{
    private ShipmentEvent() { }

    public ShipmentEvent(ShipmentStatus status, DateTime atUtc, DateTime recordedAtUtc, bool applied)
    {
        Status = status;
        AtUtc = atUtc;
        RecordedAtUtc = recordedAtUtc;
        Applied = applied;
    }

    public long Id { get; private set; }
    public int ShipmentId { get; private set; }
    public ShipmentStatus Status { get; private set; }
    public DateTime AtUtc { get; private set; }
    public DateTime RecordedAtUtc { get; private set; }

    /// <summary>False for an out-of-order event that was recorded but did not change the status.</summary>
    public bool Applied { get; private set; }
}

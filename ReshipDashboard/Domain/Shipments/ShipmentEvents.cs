using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;

namespace ReshipDashboard.Domain.Shipments;

/// <summary>
/// A courier event reached a parcel: applied (audited and published as `shipment.status_changed`) or out of order
/// (audited only). <see cref="AtShop"/> is when it happened, in the shop's time.
/// </summary>
public sealed record CourierEventApplied(Actor Actor, DateTime AtUtc, Shipment Shipment, string OrderNo, string From, ShipmentStatus Reported,
    DateTimeOffset AtShop, bool Applied) : DomainEvent(Actor, AtUtc)
{
    public override AuditFact Audit() => new(AuditSubjects.Shipment, Shipment.Id, Shipment.OrderId, Applied ? "courier_event" : "courier_event_stale",
        From, ApiWords.Of(Shipment.Status), $"{ApiWords.Of(Reported)} {AtShop:O}");

    public override FeedFact? Feed() => Applied
        ? new("shipment.status_changed", $"shipment/{Shipment.Id}", new
        {
            shipmentId = Shipment.Id, orderNo = OrderNo, kind = ApiWords.Of(Shipment.Kind), carrier = Shipment.Carrier,
            trackingNo = Shipment.TrackingNo, from = From, status = ApiWords.Of(Shipment.Status), at = AtShop,
        })
        : null;
}

/// <summary>The parcel a reissue replaced reached the buyer after all: recorded as the system's step.</summary>
public sealed record ReplacedParcelDelivered(DateTime AtUtc, ReissueOrder Reissue, Shipment Parcel) : DomainEvent(Actor.System, AtUtc)
{
    public override AuditFact Audit() => new(AuditSubjects.Reissue, Reissue.Id, Reissue.OrderId, "replaced_parcel_delivered",
        Note: $"{Parcel.Carrier} {Parcel.TrackingNo}");

    public override FeedFact Feed() => new("reissue.replaced_parcel_delivered", $"reissue/{Reissue.Id}", new
    {
        reissueId = Reissue.Id, Reissue.ReissueNo, orderNo = Reissue.OrderNo, shipmentId = Parcel.Id,
    });
}

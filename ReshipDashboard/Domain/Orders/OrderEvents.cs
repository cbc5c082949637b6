using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Orders;

/// <summary>A withdrawn after-sale would have replaced a parcel, but the order is at its reissue limit: recorded as the system's step.</summary>
public sealed record ReissueLimitFlagged(DateTime AtUtc, Order Order, int AfterSaleId, int ShipmentId, int ActiveReissues)
    : DomainEvent(Actor.System, AtUtc)
{
    public override AuditFact Audit() => new(AuditSubjects.Order, Order.Id, Order.Id, "reissue_limit_flagged",
        Note: $"after_sale/{AfterSaleId} shipment/{ShipmentId}");

    public override FeedFact Feed() => new("order.reissue_limit_flagged", $"order/{Order.OrderNo}", new
    {
        orderNo = Order.OrderNo, afterSaleId = AfterSaleId, shipmentId = ShipmentId, activeReissues = ActiveReissues,
    });
}

/// <summary>The ERP created the order.</summary>
public sealed record OrderCreated(Actor Actor, DateTime AtUtc, Order Order, string Status) : DomainEvent(Actor, AtUtc)
{
    public override object? AuditAwaits => Order;
    public override object? FeedAwaits => Order;

    public override AuditFact Audit() => new(AuditSubjects.Order, Order.Id, Order.Id, "created", null, Status);

    public override FeedFact Feed() => new("order.created", $"order/{Order.OrderNo}", new
    {
        orderNo = Order.OrderNo, status = Status,
    });
}

/// <summary>The order's original parcel went out: audited on the new parcel and on the order, published as `order.shipped`.</summary>
public sealed record OrderParcelCreated(Actor Actor, DateTime AtUtc, Order Order, Shipments.Shipment Shipment) : DomainEvent(Actor, AtUtc)
{
    public override object? AuditAwaits => Shipment;

    public override AuditFact Audit() => new(AuditSubjects.Shipment, Shipment.Id, Order.Id, "created", null, ApiWords.Of(Shipment.Status),
        $"{Shipment.Carrier} {Shipment.TrackingNo}");
}

/// <inheritdoc cref="OrderParcelCreated"/>
public sealed record OrderShipped(Actor Actor, DateTime AtUtc, Order Order, Shipments.Shipment Shipment, string From, string To)
    : DomainEvent(Actor, AtUtc)
{
    public override object? AuditAwaits => Shipment;
    public override object? FeedAwaits => Shipment;

    public override AuditFact Audit() => new(AuditSubjects.Order, Order.Id, Order.Id, "shipped", From, To);

    public override FeedFact Feed() => new("order.shipped", $"order/{Order.OrderNo}", new
    {
        orderNo = Order.OrderNo, shipmentId = Shipment.Id, carrier = Shipment.Carrier, trackingNo = Shipment.TrackingNo,
    });
}

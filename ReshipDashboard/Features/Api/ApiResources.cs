using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.AfterSales;

namespace ReshipDashboard.Features.Api;

public sealed record ProductResource(string Sku, string Name, long UnitPrice, DateTimeOffset UpdatedAt)
{
    public static ProductResource From(Product p, ShopClock clock) => new(p.Sku, p.Name, p.UnitPrice, clock.ToShop(p.UpdatedAtUtc));
}

public sealed record BuyerResource(string Name, string Phone);

public sealed record AddressResource(string Name, string Phone, string Province, string City, string District, string Detail)
{
    /// <summary>The address; its phone in full only for a caller that ships (<paramref name="fullPhone"/>), masked otherwise.</summary>
    public static AddressResource From(Address a, bool fullPhone = true) =>
        new(a.Name, fullPhone ? a.Phone : a.MaskedPhone, a.Province, a.City, a.District, a.Detail);
}

public sealed record OrderItemResource(string Sku, string Name, int Quantity, long UnitPrice);

public sealed record ShipmentResource(int Id, string Carrier, string TrackingNo, ShipmentStatus Status, ShipmentKind Kind,
    int? ReissueId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record OrderAfterSaleResource(int Id, AfterSaleType Type, AfterSaleStatus Status, string Reason, DateTimeOffset UpdatedAt);

public sealed record OrderReissueResource(int Id, string ReissueNo, int Sequence, Domain.Reissues.ReissueSource Source,
    Domain.Reissues.ReissueScenario Scenario, Domain.Reissues.ReissueStatus Status, string? Carrier, string? TrackingNo,
    bool ReplacedParcelDelivered, DateTimeOffset CreatedAt);

/// <summary>GET /orders/{orderNo}: the order with its parcels, after-sales and reissues; the buyer's phone masked, the address phone in full for callers that ship.</summary>
public sealed record OrderResource(
    string OrderNo, OrderStatus Status, BuyerResource Buyer, AddressResource Address, IReadOnlyList<OrderItemResource> Items,
    long TotalAmount, DateTimeOffset PaidAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool NeedsReissue,
    bool ReissueLimitFlagged, IReadOnlyList<ShipmentResource> Shipments, IReadOnlyList<OrderAfterSaleResource> AfterSales,
    IReadOnlyList<OrderReissueResource> Reissues)
{
    public static OrderResource From(Order o, ShopClock clock, bool fullShippingPhone = true)
    {
        var reissueOfShipment = o.Reissues.Where(r => r.Shipment is not null).ToDictionary(r => r.Shipment!, r => r.Id);
        return new(
            o.OrderNo, o.Status, new BuyerResource(o.Buyer.Name, o.Buyer.MaskedPhone), AddressResource.From(o.Address, fullShippingPhone),
            o.Items.Select(i => new OrderItemResource(i.Sku, i.Name, i.Quantity, i.UnitPrice)).ToList(),
            o.TotalAmount, clock.ToShop(o.PaidAtUtc), clock.ToShop(o.CreatedAtUtc), clock.ToShop(o.UpdatedAtUtc), o.NeedsReissue,
            o.ReissueLimitFlagged,
            o.Shipments.OrderBy(s => s.CreatedAtUtc).ThenBy(s => s.Id).Select(s => new ShipmentResource(s.Id, s.Carrier, s.TrackingNo,
                s.Status, s.Kind, reissueOfShipment.TryGetValue(s, out var rid) ? rid : s.ReissueId,
                clock.ToShop(s.CreatedAtUtc), clock.ToShop(s.UpdatedAtUtc))).ToList(),
            o.AfterSales.OrderBy(a => a.Id).Select(a => new OrderAfterSaleResource(a.Id, a.Type, a.Status, a.Reason, clock.ToShop(a.UpdatedAtUtc))).ToList(),
            o.Reissues.OrderBy(r => r.Sequence).Select(r => new OrderReissueResource(r.Id, r.ReissueNo, r.Sequence, r.Source, r.Scenario,
                r.Status, r.Carrier, r.TrackingNo, r.ReplacedParcelDelivered, clock.ToShop(r.CreatedAtUtc))).ToList());
    }
}

/// <summary>GET /after-sales/{id}, also the answer of every action on an after-sale.</summary>
public sealed record AfterSaleResource(int Id, string OrderNo, AfterSaleType Type, AfterSaleStatus Status, string Reason,
    string? Description, int? ReshipRequestId, int? ReissueId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AfterSaleResource From(AfterSaleSnapshot s, ShopClock clock) => new(
        s.AfterSale.Id, s.OrderNo, s.AfterSale.Type, s.AfterSale.Status, s.AfterSale.Reason, s.Description,
        s.ReshipRequestId, s.ReissueId, clock.ToShop(s.AfterSale.CreatedAtUtc), clock.ToShop(s.AfterSale.UpdatedAtUtc));
}

/// <summary>The answer to a courier event.</summary>
public sealed record CourierEventResource(int ShipmentId, ShipmentStatus Status);

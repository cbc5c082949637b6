using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Features.Warehouse.Orders;

/// <summary>
/// An order as the API answers with it: its own row with its buyer, and of its items, parcels, after-sales and
/// reissues what the answer shows, in the lists beside <see cref="Order"/>. Read from those lists, never from the
/// order's collections: a page of orders reads only these columns of them (<see cref="WholeOrderRows"/>), and its
/// orders' collections stay empty (its <c>Order.TotalAmount</c> too: <see cref="TotalAmount"/> is the order's total).
/// </summary>
public sealed record ListedOrder(Order Order, IReadOnlyList<ListedItem> Items, IReadOnlyList<ListedShipment> Shipments,
    IReadOnlyList<ListedAfterSale> AfterSales, IReadOnlyList<ListedReissue> Reissues)
{
    public long TotalAmount => Items.Sum(i => i.UnitPrice * i.Quantity);

    /// <summary>An order read with its collections.</summary>
    public static ListedOrder Of(Order o)
    {
        // A parcel is its reissue's whether or not its own key to the reissue is set yet (a parcel not yet saved).
        var reissueOfShipment = o.Reissues.Where(r => r.Shipment is not null).ToDictionary(r => r.Shipment!, r => r.Id);
        return new(o,
            [.. o.Items.Select(i => new ListedItem(o.Id, i.Sku, i.Name, i.Quantity, i.UnitPrice))],
            [.. o.Shipments.Select(s => new ListedShipment(o.Id, s.Id, s.Carrier, s.TrackingNo, s.Status, s.Kind,
                reissueOfShipment.TryGetValue(s, out var reissueId) ? reissueId : s.ReissueId, s.CreatedAtUtc, s.UpdatedAtUtc))],
            [.. o.AfterSales.Select(a => new ListedAfterSale(o.Id, a.Id, a.Type, a.Status, a.Reason, a.UpdatedAtUtc))],
            [.. o.Reissues.Select(r => new ListedReissue(o.Id, r.Id, r.ReissueNo, r.Sequence, r.Source, r.Scenario, r.Status, r.Carrier,
                r.TrackingNo, r.ReplacedParcelDelivered, r.CreatedAtUtc))]);
    }
}

public sealed record ListedItem(int OrderId, string Sku, string Name, int Quantity, long UnitPrice);

public sealed record ListedShipment(int OrderId, int Id, string Carrier, string TrackingNo, ShipmentStatus Status, ShipmentKind Kind,
    int? ReissueId, DateTime CreatedAtUtc, DateTime UpdatedAtUtc);

public sealed record ListedAfterSale(int OrderId, int Id, AfterSaleType Type, AfterSaleStatus Status, string Reason, DateTime UpdatedAtUtc);

public sealed record ListedReissue(int OrderId, int Id, string ReissueNo, int Sequence, ReissueSource Source, ReissueScenario Scenario,
    ReissueStatus Status, string? Carrier, string? TrackingNo, bool ReplacedParcelDelivered, DateTime CreatedAtUtc);

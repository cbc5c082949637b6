using System.Globalization;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Warehouse.Orders;

public enum OrderSearchKind
{
    All,
    OrderNo,
    OrderNoPrefix,
    TrackingNo,
    PhoneLast4,

    /// <summary>A whole mobile number, 13800001234.</summary>
    Phone,

    /// <summary>The number as lists show it, 138****1234: its first three and last four digits.</summary>
    MaskedPhone,
}

/// <summary>
/// A search of 仓配订单. Lookups (order number, tracking number, phone tail) and 待补发 are small and counted, and
/// paged by number (<see cref="Page"/>). The whole list and an order-number prefix are not counted: they are read by
/// keyset, the page after <see cref="After"/> or before <see cref="Before"/> (newest payment first).
/// </summary>
public sealed record OrderQuery(string? Text = null, bool NeedsReissueOnly = false, int Page = 0, int PageSize = 20,
    OrderCursor? After = null, OrderCursor? Before = null);

/// <summary>A position in the list's order: payment time, then id (both descending).</summary>
public sealed record OrderCursor(DateTime PaidAtUtc, int Id)
{
    /// <summary>The cursor as a URL value, "{payment-time ticks}_{id}".</summary>
    public string ToUrlValue() => string.Create(CultureInfo.InvariantCulture, $"{PaidAtUtc.Ticks}_{Id}");

    /// <summary>A cursor from its URL value; null for anything else (the list then starts at the newest orders).</summary>
    public static OrderCursor? FromUrlValue(string? value)
    {
        var parts = value?.Split('_');
        if (parts is not [var ticksText, var idText]) return null;
        if (!long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTime.MaxValue.Ticks) return null;
        if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0) return null;
        return new(new DateTime(ticks, DateTimeKind.Utc), id);
    }
}

/// <summary>How the search text was read, and a problem with it (shown inline) when it cannot be searched.</summary>
public sealed record OrderSearchInterpretation(OrderSearchKind Kind, string Value, string? ProblemKey);

public sealed record OrderRow(
    int Id, string OrderNo, DateTime PaidAtUtc, string BuyerName, string MaskedPhone, string Region,
    OrderStatus Status, int ItemCount, long TotalAmount, bool NeedsReissue, int ReissueCount, string? LatestTrackingNo);

/// <summary>
/// A page of orders. When <see cref="Counted"/>, <see cref="PagedResult{T}.TotalCount"/> is every match; otherwise
/// (keyset pages) it is the rows of this page, and <see cref="HasPrevious"/> / <see cref="HasNext"/> tell whether
/// the list goes on either side.
/// </summary>
public sealed record OrderSearchResult(OrderSearchInterpretation Interpretation, PagedResult<OrderRow> Page,
    bool Counted = true, bool HasPrevious = false, bool HasNext = false)
{
    public OrderCursor? First => Page.Items.Count > 0 ? new(Page.Items[0].PaidAtUtc, Page.Items[0].Id) : null;
    public OrderCursor? Last => Page.Items.Count > 0 ? new(Page.Items[^1].PaidAtUtc, Page.Items[^1].Id) : null;
}

public sealed record OrderItemView(string Sku, string Name, int Quantity, long UnitPrice);

public sealed record ShipmentEventView(ShipmentStatus Status, DateTime AtUtc, bool Applied);

public sealed record ShipmentView(
    int Id, string Carrier, string TrackingNo, ShipmentStatus Status, ShipmentKind Kind, int? ReissueId, bool WasIntercepted,
    DateTime CreatedAtUtc, IReadOnlyList<ShipmentEventView> Events);

public sealed record AfterSaleView(int Id, AfterSaleType Type, AfterSaleStatus Status, string Reason, DateTime CreatedAtUtc)
{
    /// <summary>The reship request that opened it, as the request reads now.</summary>
    public AfterSaleRequestView? Request { get; init; }

    /// <summary>The reissue its withdrawal or its request made.</summary>
    public string? ReissueNo { get; init; }
}

public sealed record AfterSaleRequestView(int Id, ReshipReason Reason, string? Description);

public sealed record ReissueSummary(
    int Id, string ReissueNo, int Sequence, ReissueSource Source, ReissueScenario Scenario, ReissueStatus Status,
    string? Carrier, string? TrackingNo, DateTime CreatedAtUtc, bool ReplacedParcelDelivered, int? ReplacesShipmentId);

/// <summary>An order as shown; <see cref="Address"/>'s phone is already masked for roles that do not ship.</summary>
public sealed record OrderDetail(
    int Id, string OrderNo, OrderStatus Status, DateTime PaidAtUtc, string BuyerName, string MaskedPhone, Address Address,
    IReadOnlyList<OrderItemView> Items, IReadOnlyList<ShipmentView> Shipments, IReadOnlyList<AfterSaleView> AfterSales,
    IReadOnlyList<ReissueSummary> Reissues, bool NeedsReissue, bool ReissueLimitFlagged)
{
    /// <summary>Everything recorded about the order and its parcels, reissues, after-sales and requests, newest first.</summary>
    public IReadOnlyList<AuditLine> Timeline { get; init; } = [];

    public long TotalAmount => Items.Sum(i => i.UnitPrice * i.Quantity);
}

using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>The status tabs of the 补发订单 list, in the order they are shown; null is 全部.</summary>
public static class ReissueTabs
{
    public static readonly IReadOnlyList<ReissueStatus?> Order =
    [
        ReissueStatus.AwaitingManualTracking, ReissueStatus.AwaitingTracking, ReissueStatus.Shipped,
        ReissueStatus.Delivered, ReissueStatus.Cancelled, null,
    ];

    /// <summary>
    /// The order a tab opens in: where reissues wait to ship, the ship-by deadline with the most overdue first;
    /// elsewhere the newest first.
    /// </summary>
    public static (ReissueSort By, bool Descending) DefaultSort(ReissueStatus? status) =>
        status is ReissueStatus.AwaitingManualTracking or ReissueStatus.AwaitingTracking ? (ReissueSort.ShipBy, false) : (ReissueSort.CreatedAt, true);
}

/// <summary>The list's filters; dates are shop-local days, both ends included.</summary>
public sealed record ReissueFilter(
    string? OrderNo = null,
    string? TrackingNo = null,
    string? Carrier = null,
    ReissueSource? Source = null,
    ReissueScenario? Scenario = null,
    DateOnly? CreatedFrom = null,
    DateOnly? CreatedTo = null,
    bool WaybillFailed = false,
    string? Sku = null,
    string? Province = null,
    string? OriginCarrier = null,
    bool? ReplacedDelivered = null,
    bool ExcludeCancelled = false)
{
    /// <summary>Whether a report's filter (SKU, province, original courier, duplicate delivery, cancelled left out) is set.</summary>
    public bool HasReportFilter => !string.IsNullOrWhiteSpace(Sku) || !string.IsNullOrWhiteSpace(Province)
        || !string.IsNullOrWhiteSpace(OriginCarrier) || ReplacedDelivered is not null || ExcludeCancelled;
}

public enum ReissueSort
{
    CreatedAt,
    ShipBy,
    ReissueNo,
    OrderNo,
    Sequence,
}

public sealed record ReissueQuery(
    ReissueFilter Filter,
    ReissueStatus? Status,
    int Page = 0,
    int PageSize = 20,
    ReissueSort SortBy = ReissueSort.CreatedAt,
    bool Descending = true);

/// <summary>How many reissues each status tab holds under the current filters; <see cref="All"/> is 全部.</summary>
public sealed record ReissueTabCounts(IReadOnlyDictionary<ReissueStatus, int> ByStatus)
{
    public int All => ByStatus.Values.Sum();

    public int this[ReissueStatus? status] => status is { } s ? ByStatus.GetValueOrDefault(s) : All;
}

/// <summary>One row of the 补发订单 list.</summary>
public sealed record ReissueRow(
    int Id,
    string ReissueNo,
    string OrderNo,
    int Sequence,
    ReissueSource Source,
    ReissueScenario Scenario,
    ReissueStatus Status,
    string? PreferredCarrier,
    string? Carrier,
    string? TrackingNo,
    DateTime CreatedAtUtc,
    DateTime ShipByUtc,
    DateTime? ShippedAtUtc,
    DateTime UpdatedAtUtc,
    bool ReplacedParcelDelivered,
    string? WaybillError,
    int? ReshipRequestId,
    Guid Version,
    IReadOnlyList<LineItem>? Items = null,
    Domain.Common.Address? Address = null,
    string? Remark = null,
    DateTime? PrintedAtUtc = null,
    DateTime? NextWaybillAttemptAtUtc = null)
{
    /// <summary>What it sends (SKU, name, quantity).</summary>
    public IReadOnlyList<LineItem> ItemList => Items ?? [];

    /// <summary>How many pieces it sends in all.</summary>
    public int PieceCount => ItemList.Sum(i => i.Quantity);

    /// <summary>What may be done to it now: the entity's own rule (<see cref="ReissueActions"/>).</summary>
    public IReadOnlySet<ReissueAction> Allowed => ReissueActions.Allowed(Status, Source, WaybillError is not null);

    public bool IsAwaitingNumber => Allowed.Contains(ReissueAction.EnterTracking);

    public bool CanCancel => Allowed.Contains(ReissueAction.Cancel);

    public bool CanCorrect => Allowed.Contains(ReissueAction.CorrectTracking);

    public bool CanRetryWaybill => Allowed.Contains(ReissueAction.RetryWaybill);
}

/// <summary>A reissue with what it sends, where, and everything that happened to it.</summary>
public sealed record ReissueDetail(
    ReissueRow Row,
    IReadOnlyList<LineItem> Items,
    Domain.Common.Address Address,
    string? Remark,
    string? CancelReason,
    IReadOnlyList<Domain.Audit.AuditLine> Timeline);

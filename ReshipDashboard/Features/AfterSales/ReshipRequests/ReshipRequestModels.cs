using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>What the buyer submits or modifies; items default to the whole order.</summary>
public sealed record ReshipInput(string OrderNo, ReshipReason Reason, string? Description, Address Address, IReadOnlyList<ItemQuantity>? Items);

public sealed record ReshipRevisionView(int Number, ReshipReason Reason, string? Description, Address Address, IReadOnlyList<LineItem> Items, DateTime AtUtc);

public sealed record ReshipShipmentView(int Id, string Carrier, string TrackingNo, ShipmentStatus Status, ShipmentKind Kind, DateTime CreatedAtUtc);

/// <summary>A request in full: what GET /reship-requests/{id} answers and the detail drawer shows.</summary>
public sealed record ReshipRequestDetail(
    int Id, string OrderNo, int AfterSaleId, ReshipStatus Status, ReshipReason Reason, string? Description, Address Address,
    IReadOnlyList<LineItem> Items, DateTime DueAtUtc, int Revision, DateTime CreatedAtUtc, DateTime UpdatedAtUtc,
    RejectionReason? RejectionReason, string? RejectionNote, DateTime? RejectedAtUtc,
    int? ReissueId, string? ReissueNo, ReissueStatus? ReissueStatus, Guid Version,
    IReadOnlyList<ReshipShipmentView> Shipments, IReadOnlyList<ReshipShipmentView> OrderShipments,
    IReadOnlyList<ReshipRevisionView> Revisions, IReadOnlyList<Domain.Audit.AuditLine> History,
    string BuyerName, string BuyerMaskedPhone);

/// <summary>One request in a list (API list and queue rows); <paramref name="MerchantActions"/> is what the merchant may do now.</summary>
public sealed record ReshipRequestSummary(
    int Id, string OrderNo, ReshipStatus Status, ReshipReason Reason, string? Description, Address Address,
    IReadOnlyList<LineItem> Items, DateTime DueAtUtc, int Revision, int? ReissueId, DateTime CreatedAtUtc, DateTime UpdatedAtUtc,
    string BuyerName, string BuyerMaskedPhone, Guid Version, IReadOnlyList<ReshipAction> MerchantActions);

public sealed record ReshipListQuery(ReshipStatus? Status, string? OrderNo, DateTime? UpdatedSinceUtc, int Limit, (DateTime UpdatedAtUtc, int Id)? After);

public sealed record ReshipListPage(IReadOnlyList<ReshipRequestSummary> Items, (DateTime UpdatedAtUtc, int Id)? Next);

/// <summary>The support queue's view: a status tab, filters, a page, and rows kept on screen after someone else handled them.</summary>
public sealed record ReshipQueueQuery(ReshipStatus Status, string? OrderNo = null, ReshipReason? Reason = null, int Page = 0, int PageSize = 20,
    IReadOnlyCollection<int>? KeepIds = null, ReshipSlaFilter? Sla = null);

/// <summary>When requests last changed and the newest one: equal stamps mean nothing changed in between.</summary>
public sealed record ReshipChangeStamp(DateTime? LastUpdatedAtUtc, int? LastId);

public sealed record ReshipQueuePage(IReadOnlyList<ReshipRequestSummary> Rows, int Total, IReadOnlyDictionary<ReshipStatus, int> Counts);

/// <summary>The result of one row of a bulk approval.</summary>
public sealed record ReshipBulkResult(int Id, string OrderNo, ReshipStatus Status, string? ReissueNo, DomainException? Error)
{
    public bool Succeeded => Error is null;
}

public static class BuyerMask
{
    /// <summary>张** — the family name stays, the rest is hidden.</summary>
    public static string Name(string name) =>
        string.IsNullOrEmpty(name) ? "" : name[0] + new string('*', Math.Max(1, name.Length - 1));
}

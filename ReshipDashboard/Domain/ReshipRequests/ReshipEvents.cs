using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;

namespace ReshipDashboard.Domain.ReshipRequests;

/// <summary>A change of one reship request: audited on it, published with its subject `reship_request/{id}`.</summary>
public abstract record ReshipEvent(Actor Actor, DateTime AtUtc, ReshipRequest Request) : DomainEvent(Actor, AtUtc)
{
    protected AuditFact Entry(string action, string? from, string? to, string? note = null) =>
        new(AuditSubjects.ReshipRequest, Request.Id, Request.OrderId, action, from, to, note);

    protected FeedFact Event(string type, object data) => new($"reship_request.{type}", $"reship_request/{Request.Id}", data);
}

/// <summary>The buyer asked through the platform; its after-sale was opened with it.</summary>
public sealed record ReshipSubmitted(Actor Actor, DateTime AtUtc, ReshipRequest Request, string Status, string Reason)
    : ReshipEvent(Actor, AtUtc, Request)
{
    public override object? AuditAwaits => Request;
    public override object? FeedAwaits => Request;

    public override AuditFact Audit() => Entry("submitted", null, Status, $"第1版 {Reason}");

    public override FeedFact Feed() => Event("submitted", new { reshipRequestId = Request.Id, orderNo = Request.Order.OrderNo, afterSaleId = Request.AfterSaleId });
}

/// <summary>The buyer changed the request: a new revision.</summary>
public sealed record ReshipModified(Actor Actor, DateTime AtUtc, ReshipRequest Request, string From, string To, int Revision, string Reason)
    : ReshipEvent(Actor, AtUtc, Request)
{
    public override AuditFact Audit() => Entry("modified", From, To, $"第{Revision}版 {Reason}");

    public override FeedFact Feed() => Event("modified", new { reshipRequestId = Request.Id, orderNo = Request.Order.OrderNo, revision = Revision });
}

/// <summary>
/// Approved, by the merchant (`approved`) or by the platform's ruling (`platform_decided`), with its reissue; the
/// feed names the reissue once it is stored.
/// </summary>
public sealed record ReshipApproved(Actor Actor, DateTime AtUtc, ReshipRequest Request, string Action, string From, string To, string? Note,
    ReissueOrder Reissue) : ReshipEvent(Actor, AtUtc, Request)
{
    public override object? FeedAwaits => Reissue;

    public override AuditFact Audit() => Entry(Action, From, To, Note);

    public override FeedFact Feed() => Event("approved", new
    {
        reshipRequestId = Request.Id, orderNo = Request.Order.OrderNo, reissueId = Reissue.Id, Reissue.ReissueNo,
    });
}

public sealed record ReshipRejected(Actor Actor, DateTime AtUtc, ReshipRequest Request, string From, string To, string ReasonCode, string Note)
    : ReshipEvent(Actor, AtUtc, Request)
{
    public override AuditFact Audit() => Entry("rejected", From, To, $"{ReasonCode} {Note}");

    public override FeedFact Feed() => Event("rejected", new
    {
        reshipRequestId = Request.Id, orderNo = Request.Order.OrderNo, reasonCode = ReasonCode, note = Note,
    });
}

/// <summary>The buyer, or the deadline job, asked the platform to intervene.</summary>
public sealed record ReshipEscalated(Actor Actor, DateTime AtUtc, ReshipRequest Request, string From, string To, string? Note)
    : ReshipEvent(Actor, AtUtc, Request)
{
    public override AuditFact Audit() => Entry("escalated", From, To, Note);

    public override FeedFact Feed() => Event("escalated", new { reshipRequestId = Request.Id, orderNo = Request.Order.OrderNo, note = Note });
}

/// <summary>Its reissue shipped: recorded as the system's step.</summary>
public sealed record ReshipShipped(DateTime AtUtc, ReshipRequest Request, string From, string To, ReissueOrder Reissue)
    : ReshipEvent(Actor.System, AtUtc, Request)
{
    public override AuditFact Audit() => Entry("shipped", From, To, $"{Reissue.ReissueNo} {Reissue.Carrier} {Reissue.TrackingNo}");

    public override FeedFact Feed() => Event("shipped", new
    {
        reshipRequestId = Request.Id, orderNo = Reissue.OrderNo, reissueId = Reissue.Id, Reissue.ReissueNo,
        carrier = Reissue.Carrier, trackingNo = Reissue.TrackingNo,
    });
}

/// <summary>Its reissue's number was taken back: recorded as the system's step, not published.</summary>
public sealed record ReshipShippingUndone(DateTime AtUtc, ReshipRequest Request, string From, string To, string ReissueNo)
    : ReshipEvent(Actor.System, AtUtc, Request)
{
    public override AuditFact Audit() => Entry("shipping_undone", From, To, ReissueNo);
}

/// <summary>
/// It ended (withdrawn, completed, closed): audited under <see cref="Action"/> and published as `reship_request.{status}`.
/// </summary>
public sealed record ReshipEnded(Actor Actor, DateTime AtUtc, ReshipRequest Request, string Action, string From, string To, string? Note)
    : ReshipEvent(Actor, AtUtc, Request)
{
    public override AuditFact Audit() => Entry(Action, From, To, Note);

    public override FeedFact Feed() => Event(To, new { reshipRequestId = Request.Id, orderNo = Request.Order.OrderNo, status = To });
}

/// <summary>A reship request's after-sale opened with it.</summary>
public sealed record AfterSaleOpened(Actor Actor, DateTime AtUtc, AfterSale AfterSale) : DomainEvent(Actor, AtUtc)
{
    public override object? AuditAwaits => AfterSale;

    public override AuditFact Audit() => new(AuditSubjects.AfterSale, AfterSale.Id, AfterSale.OrderId, "opened", null,
        ApiWords.Of(AfterSale.Status), ApiWords.Of(AfterSale.Type));
}

/// <summary>A reship request that ended closed its after-sale.</summary>
public sealed record AfterSaleClosed(Actor Actor, DateTime AtUtc, ReshipRequest Request, string RequestStatus) : DomainEvent(Actor, AtUtc)
{
    public override AuditFact Audit() => new(AuditSubjects.AfterSale, Request.AfterSaleId, Request.OrderId, "closed",
        ApiWords.Of(AfterSaleStatus.Open), ApiWords.Of(Request.AfterSale.Status), $"补寄申请 {Request.Id} {RequestStatus}");

    public override FeedFact Feed() => new("after_sale.closed", $"after_sale/{Request.AfterSaleId}", new
    {
        afterSaleId = Request.AfterSaleId, orderNo = Request.Order.OrderNo, reshipRequestId = Request.Id,
    });
}

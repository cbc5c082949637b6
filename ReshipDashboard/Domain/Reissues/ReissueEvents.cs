using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Reissues;

/// <summary>A change of one reissue: audited on it, published with its subject `reissue/{id}`.</summary>
public abstract record ReissueEvent(Actor Actor, DateTime AtUtc, ReissueOrder Reissue) : DomainEvent(Actor, AtUtc)
{
    protected AuditFact Entry(string action, string? from, string? to, string? note = null) =>
        new(AuditSubjects.Reissue, Reissue.Id, Reissue.OrderId, action, from, to, note);

    protected FeedFact Event(string type, object data) => new($"reissue.{type}", $"reissue/{Reissue.Id}", data);
}

/// <summary>The reissue was created (by hand, by the system on a withdrawn after-sale, or by an approved reship request).</summary>
public sealed record ReissueCreated(Actor Actor, DateTime AtUtc, ReissueOrder Reissue) : ReissueEvent(Actor, AtUtc, Reissue)
{
    public override object? AuditAwaits => Reissue;
    public override object? FeedAwaits => Reissue;

    public override AuditFact Audit() => Entry("created", null, ApiWords.Of(Reissue.Status),
        $"{Reissue.ReissueNo} #{Reissue.Sequence} {ApiWords.Of(Reissue.Source)} {ApiWords.Of(Reissue.Scenario)}");

    public override FeedFact Feed() => Event("created", new
    {
        reissueId = Reissue.Id, Reissue.ReissueNo, orderNo = Reissue.OrderNo, Reissue.Sequence,
        source = ApiWords.Of(Reissue.Source), scenario = ApiWords.Of(Reissue.Scenario), status = ApiWords.Of(Reissue.Status),
        reshipRequestId = Reissue.ReshipRequestId,
    });
}

/// <summary>It shipped with a tracking number, entered, uploaded or from the e-waybill service.</summary>
public sealed record ReissueShipped(Actor Actor, DateTime AtUtc, ReissueOrder Reissue, string From, string To, string? Carrier, string? TrackingNo)
    : ReissueEvent(Actor, AtUtc, Reissue)
{
    public override AuditFact Audit() => Entry("shipped", From, To, $"{Carrier} {TrackingNo}");

    public override FeedFact Feed() => Event("shipped", new
    {
        reissueId = Reissue.Id, Reissue.ReissueNo, orderNo = Reissue.OrderNo, carrier = Carrier, trackingNo = TrackingNo,
    });
}

/// <summary>A number entered by hand was taken back: it waits for its number again.</summary>
public sealed record ReissueShippingUndone(Actor Actor, DateTime AtUtc, ReissueOrder Reissue, string To, string? Carrier, string? TrackingNo)
    : ReissueEvent(Actor, AtUtc, Reissue)
{
    public override AuditFact Audit() => Entry("tracking_undone", ApiWords.Of(ReissueStatus.Shipped), To, $"{Carrier} {TrackingNo}");

    public override FeedFact Feed() => Event("shipping_undone", new
    {
        reissueId = Reissue.Id, Reissue.ReissueNo, orderNo = Reissue.OrderNo, carrier = Carrier, trackingNo = TrackingNo,
    });
}

/// <summary>A wrong number on a shipped reissue was replaced.</summary>
public sealed record ReissueTrackingCorrected(Actor Actor, DateTime AtUtc, ReissueOrder Reissue, string Status,
    string? OldCarrier, string? OldTrackingNo, string Carrier, string TrackingNo, string Reason) : ReissueEvent(Actor, AtUtc, Reissue)
{
    public override AuditFact Audit() => Entry("tracking_corrected", Status, Status, $"{OldCarrier} {OldTrackingNo} → {Carrier} {TrackingNo}：{Reason}");

    public override FeedFact Feed() => Event("tracking_corrected", new
    {
        reissueId = Reissue.Id, Reissue.ReissueNo, orderNo = Reissue.OrderNo,
        oldCarrier = OldCarrier, oldTrackingNo = OldTrackingNo, carrier = Carrier, trackingNo = TrackingNo, reason = Reason,
    });
}

/// <summary>It was cancelled before shipping.</summary>
public sealed record ReissueCancelled(Actor Actor, DateTime AtUtc, ReissueOrder Reissue, string From, string To, string Reason)
    : ReissueEvent(Actor, AtUtc, Reissue)
{
    public override AuditFact Audit() => Entry("cancelled", From, To, Reason);

    public override FeedFact Feed() => Event("cancelled", new { reissueId = Reissue.Id, Reissue.ReissueNo, orderNo = Reissue.OrderNo, reason = Reason });
}

/// <summary>A step that does not move the status (waybill retry or failure, printing): audited only.</summary>
public sealed record ReissueNoted(Actor Actor, DateTime AtUtc, ReissueOrder Reissue, string Action, string Status, string? Note = null)
    : ReissueEvent(Actor, AtUtc, Reissue)
{
    public override AuditFact Audit() => Entry(Action, Status, Status, Note);
}

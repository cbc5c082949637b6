namespace ReshipDashboard.Domain.Reissues;

/// <summary>What a person may do to a reissue from the list.</summary>
public enum ReissueAction
{
    /// <summary>填写物流单号: enter (or upload) the number of a reissue waiting for one.</summary>
    EnterTracking,
    /// <summary>更正物流单号: replace a wrong number on a reissue that has shipped.</summary>
    CorrectTracking,
    /// <summary>重新获取单号: ask the e-waybill service again after it failed.</summary>
    RetryWaybill,
    /// <summary>取消: before shipping, unless the reissue belongs to a reship request.</summary>
    Cancel,
}

/// <summary>
/// Which actions a reissue allows in a state — the one rule behind the entity's guards and the buttons the list
/// offers, so the two cannot drift apart.
/// </summary>
public static class ReissueActions
{
    public static bool IsAwaitingNumber(ReissueStatus status) => status is ReissueStatus.AwaitingTracking or ReissueStatus.AwaitingManualTracking;

    public static bool HasShipped(ReissueStatus status) => status is ReissueStatus.Shipped or ReissueStatus.Delivered;

    public static IReadOnlySet<ReissueAction> Allowed(ReissueStatus status, ReissueSource source, bool waybillFailed)
    {
        var allowed = new HashSet<ReissueAction>();
        if (IsAwaitingNumber(status)) allowed.Add(ReissueAction.EnterTracking);
        if (HasShipped(status)) allowed.Add(ReissueAction.CorrectTracking);
        if (status == ReissueStatus.AwaitingTracking && waybillFailed) allowed.Add(ReissueAction.RetryWaybill);
        if (IsAwaitingNumber(status) && source != ReissueSource.ReshipRequest) allowed.Add(ReissueAction.Cancel);
        return allowed;
    }
}

namespace ReshipDashboard.Domain.ReshipRequests;

/// <summary>Who acts on a reship request.</summary>
public enum ReshipActorKind
{
    /// <summary>The merchant's staff (support) on the queue, or the merchant's ERP.</summary>
    Merchant,
    /// <summary>The buyer, through the platform, and the platform's own ruling.</summary>
    Platform,
    /// <summary>The deadline job, acting as 系统 when a deadline has passed.</summary>
    Deadline,
}

/// <summary>What may be done to a reship request.</summary>
public enum ReshipAction
{
    Modify,
    Withdraw,
    Escalate,
    ConfirmReceipt,
    Decide,
    Approve,
    Reject,
    AutoApprove,
    AutoEscalate,
    CloseRejection,
    AutoComplete,
}

/// <summary>
/// The status table of the API contract: which actions each kind of actor has in each status. The entity narrows it
/// by time (deadlines, the escalation window) in <see cref="ReshipRequest.AllowedActions"/>.
/// </summary>
public static class ReshipActions
{
    public static IReadOnlyList<ReshipAction> ByStatus(ReshipActorKind actor, ReshipStatus status) => (actor, status) switch
    {
        (ReshipActorKind.Platform, ReshipStatus.Pending) => [ReshipAction.Modify, ReshipAction.Withdraw, ReshipAction.Escalate],
        (ReshipActorKind.Platform, ReshipStatus.Rejected) => [ReshipAction.Escalate],
        (ReshipActorKind.Platform, ReshipStatus.PlatformReview) => [ReshipAction.Withdraw, ReshipAction.Decide],
        (ReshipActorKind.Platform, ReshipStatus.Shipped) => [ReshipAction.ConfirmReceipt],
        (ReshipActorKind.Merchant, ReshipStatus.Pending) => [ReshipAction.Approve, ReshipAction.Reject],
        (ReshipActorKind.Deadline, ReshipStatus.Pending) => [ReshipAction.AutoApprove, ReshipAction.AutoEscalate],
        (ReshipActorKind.Deadline, ReshipStatus.Rejected) => [ReshipAction.CloseRejection],
        (ReshipActorKind.Deadline, ReshipStatus.Shipped) => [ReshipAction.AutoComplete],
        _ => [],
    };
}

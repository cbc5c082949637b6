using System.Linq.Expressions;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Domain.ReshipRequests;

/// <summary>The deadlines a reship request runs against, and the deadline job's steps when one passes.</summary>
public sealed partial class ReshipRequest
{
    public bool IsAnswerOverdue(DateTime nowUtc) => Status == ReshipStatus.Pending && DueAtUtc <= nowUtc;

    public bool IsRejectionExpired(DateTime nowUtc, ShopSettings settings) =>
        Status == ReshipStatus.Rejected && RejectedAtUtc <= nowUtc - settings.EscalateAfterRejectionWithin;

    public bool IsReceiptOverdue(DateTime nowUtc, ShopSettings settings) =>
        Status == ReshipStatus.Shipped && ShippedAtUtc <= nowUtc - settings.AutoConfirmReceiptAfter;

    /// <summary>The three deadlines above as one query: the requests the deadline job has a step for.</summary>
    public static Expression<Func<ReshipRequest, bool>> DeadlinePassed(DateTime nowUtc, ShopSettings settings)
    {
        var rejectedBefore = nowUtc - settings.EscalateAfterRejectionWithin;
        var shippedBefore = nowUtc - settings.AutoConfirmReceiptAfter;
        return r => (r.Status == ReshipStatus.Pending && r.DueAtUtc <= nowUtc)
            || (r.Status == ReshipStatus.Rejected && r.RejectedAtUtc <= rejectedBefore)
            || (r.Status == ReshipStatus.Shipped && r.ShippedAtUtc <= shippedBefore);
    }

    /// <summary>Closes a rejection the buyer did not escalate in time.</summary>
    public void CloseExpiredRejection(DateTime nowUtc, ShopSettings settings, Actor? by = null)
    {
        if (!AllowedActions(ReshipActorKind.Deadline, nowUtc, settings).Contains(ReshipAction.CloseRejection))
            throw DomainException.State("补寄申请当前状态为{0}，不能自动关闭", ApiWords.Of(Status));
        End(ReshipStatus.Closed, nowUtc, by, "auto_closed", "拒绝后买家未在期限内申请平台介入");
    }

    /// <summary>Completes a shipped request the buyer did not confirm in time.</summary>
    public void AutoComplete(DateTime nowUtc, ShopSettings settings, Actor? by = null)
    {
        if (!AllowedActions(ReshipActorKind.Deadline, nowUtc, settings).Contains(ReshipAction.AutoComplete))
            throw DomainException.State("补寄申请当前状态为{0}，不能自动确认收货", ApiWords.Of(Status));
        End(ReshipStatus.Completed, nowUtc, by, "auto_completed", "买家超时未确认收货，自动完成");
    }
}

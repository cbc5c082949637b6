using System.Linq.Expressions;
using ReshipDashboard.Domain.ReshipRequests;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>What became of a reship request against its answer deadline; the 补寄时效 report counts each, the queue filters by each.</summary>
public enum SlaOutcome
{
    Received,
    /// <summary>The shop (a person or an ERP key) approved or rejected it.</summary>
    Answered,
    AnsweredWithin,
    AnsweredLate,
    /// <summary>Approved by the deadline job once the answer time ran out.</summary>
    AutoApproved,
    Escalated,
    RuledForShop,
    RuledAgainstShop,
    Unanswered,
}

/// <summary>
/// The queue's report filter: requests received on these shop days, with an outcome, a reason, and who answered
/// (<see cref="Nobody"/>: no answer recorded by a person or key).
/// </summary>
public sealed record ReshipSlaFilter(DateOnly From, DateOnly To, SlaOutcome Outcome = SlaOutcome.Received, ReshipReason? Reason = null, string? AnsweredBy = null)
{
    public const string Nobody = "-";
}

/// <summary>
/// The rules behind each outcome, in one place: as SQL for the queue and as C# for the report over the same columns.
/// The answer is the rejection, or the approval when it came before any escalation; it is the shop's unless the
/// system approved it at the deadline (an approval at or after the deadline with no person or key recorded in
/// <see cref="ReshipRequest.AnsweredBy"/>).
/// </summary>
public static class ReshipSla
{
    public static IQueryable<ReshipRequest> Apply(IQueryable<ReshipRequest> requests, ReshipSlaFilter f, DateTime fromUtc, DateTime toUtc)
    {
        requests = requests.Where(r => r.CreatedAtUtc >= fromUtc && r.CreatedAtUtc < toUtc);
        if (f.Reason is { } reason) requests = requests.Where(r => r.Reason == reason);
        requests = f.Outcome switch
        {
            SlaOutcome.Answered => requests.Where(Answered),
            SlaOutcome.AnsweredWithin => requests.Where(Answered).Where(r => (r.RejectedAtUtc ?? r.ApprovedAtUtc) < r.DueAtUtc),
            SlaOutcome.AnsweredLate => requests.Where(Answered).Where(r => (r.RejectedAtUtc ?? r.ApprovedAtUtc) >= r.DueAtUtc),
            SlaOutcome.AutoApproved => requests.Where(r => r.RejectedAtUtc == null && r.ApprovedAtUtc != null
                && (r.EscalatedAtUtc == null || r.ApprovedAtUtc <= r.EscalatedAtUtc) && r.ApprovedAtUtc >= r.DueAtUtc
                && r.AnsweredBy == null),
            SlaOutcome.Escalated => requests.Where(r => r.EscalatedAtUtc != null),
            SlaOutcome.RuledForShop => requests.Where(r => r.EscalatedAtUtc != null && r.Status == ReshipStatus.Closed),
            SlaOutcome.RuledAgainstShop => requests.Where(r => r.EscalatedAtUtc != null && r.ApprovedAtUtc > r.EscalatedAtUtc),
            SlaOutcome.Unanswered => requests.Where(r => r.Status == ReshipStatus.Pending),
            _ => requests,
        };
        if (f.AnsweredBy is { Length: > 0 } by)
            requests = by == ReshipSlaFilter.Nobody ? requests.Where(r => r.AnsweredBy == null) : requests.Where(r => r.AnsweredBy == by);
        return requests;
    }

    private static readonly Expression<Func<ReshipRequest, bool>> Answered = r =>
        r.RejectedAtUtc != null
        || (r.ApprovedAtUtc != null && (r.EscalatedAtUtc == null || r.ApprovedAtUtc <= r.EscalatedAtUtc)
            && (r.ApprovedAtUtc < r.DueAtUtc || r.AnsweredBy != null));

    /// <summary>The same rules over one request's columns (the report reads them once and counts in memory).</summary>
    public sealed record Facts(int Id, DateTime CreatedAtUtc, DateTime DueAtUtc, ReshipReason Reason, ReshipStatus Status,
        DateTime? ApprovedAtUtc, DateTime? RejectedAtUtc, DateTime? EscalatedAtUtc, string? AnsweredBy)
    {
        public DateTime? AnswerAtUtc => RejectedAtUtc
            ?? (ApprovedAtUtc is { } a && (EscalatedAtUtc is null || a <= EscalatedAtUtc) ? a : null);

        public bool IsAutoApproved => RejectedAtUtc is null && AnswerAtUtc is { } a && a >= DueAtUtc && AnsweredBy is null;

        public bool IsAnswered => AnswerAtUtc is not null && !IsAutoApproved;

        public bool Is(SlaOutcome outcome) => outcome switch
        {
            SlaOutcome.Answered => IsAnswered,
            SlaOutcome.AnsweredWithin => IsAnswered && AnswerAtUtc < DueAtUtc,
            SlaOutcome.AnsweredLate => IsAnswered && AnswerAtUtc >= DueAtUtc,
            SlaOutcome.AutoApproved => IsAutoApproved,
            SlaOutcome.Escalated => EscalatedAtUtc is not null,
            SlaOutcome.RuledForShop => EscalatedAtUtc is not null && Status == ReshipStatus.Closed,
            SlaOutcome.RuledAgainstShop => EscalatedAtUtc is not null && ApprovedAtUtc > EscalatedAtUtc,
            SlaOutcome.Unanswered => Status == ReshipStatus.Pending,
            _ => true,
        };
    }
}

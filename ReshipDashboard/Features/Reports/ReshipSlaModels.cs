using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.AfterSales.ReshipRequests;

namespace ReshipDashboard.Features.Reports;

/// <summary>The outcome counts of a group of requests, with the shop's median and 90th-percentile time to answer.</summary>
public sealed record SlaCounts(IReadOnlyDictionary<SlaOutcome, int> Counts, TimeSpan? MedianAnswer, TimeSpan? P90Answer)
{
    public int this[SlaOutcome outcome] => Counts.GetValueOrDefault(outcome);

    /// <summary>Share of the shop's answers given within the deadline, in percent.</summary>
    public decimal? WithinRate => this[SlaOutcome.Answered] == 0 ? null
        : Math.Round(this[SlaOutcome.AnsweredWithin] * 100m / this[SlaOutcome.Answered], 1);
}

public sealed record SlaAccountLine(string AnsweredBy, SlaCounts Counts);

public sealed record SlaReasonLine(ReshipReason Reason, SlaCounts Counts);

public sealed record SlaDay(DateOnly Day, int Received, int AnsweredWithin, int AutoApproved, int Escalated);

/// <summary>补寄时效 for the requests received in one period.</summary>
public sealed record ReshipSlaReport(
    ReportPeriod Period,
    SlaCounts Total,
    IReadOnlyList<SlaAccountLine> ByAccount,
    IReadOnlyList<SlaReasonLine> ByReason,
    IReadOnlyList<SlaDay> Days)
{
    /// <summary>The outcomes the report shows, in order.</summary>
    public static readonly IReadOnlyList<SlaOutcome> Outcomes =
    [
        SlaOutcome.Received, SlaOutcome.AnsweredWithin, SlaOutcome.AnsweredLate, SlaOutcome.AutoApproved, SlaOutcome.Escalated,
        SlaOutcome.RuledForShop, SlaOutcome.RuledAgainstShop, SlaOutcome.Unanswered,
    ];
}

using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.AfterSales.ReshipRequests;

namespace ReshipDashboard.Features.Reports;

/// <summary>
/// 补寄时效: the requests received in a period, what became of them against the answer deadline, and how fast the
/// shop answered. One indexed range read of the period's requests (who answered is kept on each request); every count uses the rules of <see cref="ReshipSla"/>, the same the queue filters by.
/// </summary>
public sealed class ReshipSlaReportService(IDbContextFactory<ReshipDbContext> factory, ShopClock clock, AccessGuard guard)
{
    public async Task<ReshipSlaReport> BuildAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.ReportsSla);
        var (fromUtc, toUtc) = period.Utc(clock);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var facts = await db.ReshipRequests.AsNoTracking()
            .Where(r => r.CreatedAtUtc >= fromUtc && r.CreatedAtUtc < toUtc)
            .Select(r => new ReshipSla.Facts(r.Id, r.CreatedAtUtc, r.DueAtUtc, r.Reason, r.Status, r.ApprovedAtUtc, r.RejectedAtUtc,
                r.EscalatedAtUtc, r.AnsweredBy))
            .ToListAsync(cancellationToken);

        // One pass: each request's outcomes are worked out once and counted for the whole period, its reason, its
        // answerer and its day.
        var all = new OutcomeCounts();
        var reasons = Enum.GetValues<ReshipReason>().ToDictionary(r => r, _ => new OutcomeCounts());
        var accounts = new Dictionary<string, OutcomeCounts>(StringComparer.Ordinal);
        var days = new Dictionary<DateOnly, OutcomeCounts>();
        foreach (var fact in facts)
        {
            var outcomes = OutcomeCounts.OutcomesOf(fact);
            all.Add(fact, outcomes);
            reasons[fact.Reason].Add(fact, outcomes);
            if (fact.IsAnswered)
            {
                var by = fact.AnsweredBy ?? ReshipSlaFilter.Nobody;
                if (!accounts.TryGetValue(by, out var account)) accounts[by] = account = new OutcomeCounts();
                account.Add(fact, outcomes);
            }
            var day = DateOnly.FromDateTime(clock.ToShop(fact.CreatedAtUtc).DateTime);
            if (!days.TryGetValue(day, out var daily)) days[day] = daily = new OutcomeCounts(withTimes: false);
            daily.Add(fact, outcomes);
        }

        return new ReshipSlaReport(
            period,
            all.Counts(),
            accounts.Select(a => new SlaAccountLine(a.Key, a.Value.Counts()))
                .OrderByDescending(a => a.Counts[SlaOutcome.Answered]).ThenBy(a => a.AnsweredBy, StringComparer.Ordinal).ToList(),
            reasons.Select(r => new SlaReasonLine(r.Key, r.Value.Counts())).ToList(),
            period.EachDay.Select(d => days.TryGetValue(d, out var t)
                ? new SlaDay(d, t[SlaOutcome.Received], t[SlaOutcome.AnsweredWithin], t[SlaOutcome.AutoApproved], t[SlaOutcome.Escalated])
                : new SlaDay(d, 0, 0, 0, 0)).ToList());
    }

    /// <summary>How many requests came to each outcome, and the answer times of those answered.</summary>
    private sealed class OutcomeCounts(bool withTimes = true)
    {
        private static readonly SlaOutcome[] Outcomes = Enum.GetValues<SlaOutcome>();
        private readonly int[] _counts = new int[Outcomes.Length];
        private readonly List<TimeSpan> _times = [];

        /// <summary>The outcomes a request counts under, one bit per entry of <see cref="Outcomes"/>.</summary>
        public static int OutcomesOf(ReshipSla.Facts fact)
        {
            var bits = 0;
            for (var i = 0; i < Outcomes.Length; i++)
                if (fact.Is(Outcomes[i])) bits |= 1 << i;
            return bits;
        }

        public int this[SlaOutcome outcome] => _counts[Array.IndexOf(Outcomes, outcome)];

        public void Add(ReshipSla.Facts fact, int outcomes)
        {
            for (var i = 0; i < _counts.Length; i++)
                if ((outcomes & (1 << i)) != 0) _counts[i]++;
            if (withTimes && fact.IsAnswered) _times.Add(fact.AnswerAtUtc!.Value - fact.CreatedAtUtc);
        }

        public SlaCounts Counts()
        {
            _times.Sort();
            return new SlaCounts(Outcomes.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => _counts[x.i]),
                Percentile(_times, 50), Percentile(_times, 90));
        }
    }

    /// <summary>Nearest-rank percentile: the smallest time that at least p % of the answers took at most.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, int p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
}

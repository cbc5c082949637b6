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

        var days = facts.GroupBy(f => DateOnly.FromDateTime(clock.ToShop(f.CreatedAtUtc).DateTime)).ToDictionary(g => g.Key, g => g.ToList());
        return new ReshipSlaReport(
            period,
            Count(facts),
            facts.Where(f => f.IsAnswered).GroupBy(f => f.AnsweredBy ?? ReshipSlaFilter.Nobody)
                .Select(g => new SlaAccountLine(g.Key, Count(g.ToList())))
                .OrderByDescending(a => a.Counts[SlaOutcome.Answered]).ThenBy(a => a.AnsweredBy, StringComparer.Ordinal).ToList(),
            Enum.GetValues<ReshipReason>().Select(r => new SlaReasonLine(r, Count(facts.Where(f => f.Reason == r).ToList()))).ToList(),
            period.EachDay.Select(d => days.TryGetValue(d, out var list)
                ? new SlaDay(d, list.Count, list.Count(f => f.Is(SlaOutcome.AnsweredWithin)), list.Count(f => f.Is(SlaOutcome.AutoApproved)),
                    list.Count(f => f.Is(SlaOutcome.Escalated)))
                : new SlaDay(d, 0, 0, 0, 0)).ToList());
    }

    private static SlaCounts Count(IReadOnlyList<ReshipSla.Facts> facts)
    {
        var counts = Enum.GetValues<SlaOutcome>().ToDictionary(o => o, o => facts.Count(f => f.Is(o)));
        var times = facts.Where(f => f.IsAnswered).Select(f => f.AnswerAtUtc!.Value - f.CreatedAtUtc).Order().ToList();
        return new SlaCounts(counts, Percentile(times, 50), Percentile(times, 90));
    }

    /// <summary>Nearest-rank percentile: the smallest time that at least p % of the answers took at most.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, int p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
}

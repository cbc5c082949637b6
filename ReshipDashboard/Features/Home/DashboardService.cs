using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Data.Tallies;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Features.Home;

public sealed record DashboardCounts(
    int ReissuesAwaitingManualTracking, int ReissuesAwaitingTracking, int PendingReshipRequests,
    int DueSoon, int Overdue, int OrdersNeedingReissue, int ReissuesLate, int WaybillFailed = 0);

public sealed record DailyPoint(DateOnly Day, int Reissues, int ReshipRequests);

public sealed record DashboardSnapshot(DashboardCounts Counts, IReadOnlyList<DailyPoint> Last30Days, TimeSpan DueSoonWithin);

/// <summary>
/// The days of the 30-day chart before today, shared by every open home page: reissues and requests are only ever
/// created "now", so a finished day never changes and is read once per day instead of on every refresh.
/// </summary>
public sealed class DashboardHistory
{
    private (DateOnly Today, IReadOnlyList<DailyPoint> PastDays)? _cached;

    public IReadOnlyList<DailyPoint>? For(DateOnly today) => _cached is { } c && c.Today == today ? c.PastDays : null;

    public void Keep(DateOnly today, IReadOnlyList<DailyPoint> pastDays) => _cached = (today, pastDays);
}

/// <summary>The home page's live counts and the last 30 shop-days of reissues and reship requests.</summary>
public sealed class DashboardService(IDbContextFactory<ReshipDbContext> factory, ShopClock clock, IOptions<ShopSettings> settings,
    DashboardHistory history)
{
    public async Task<DashboardSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var dueSoonUntil = now + settings.Value.DueSoonWithin;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);

        // Counts of whole states are tallies kept by every save, read in one statement; only what depends on the clock
        // is counted, each over a short range of an index: (status, due) for pending requests, (status, ship-by) for
        // late reissues.
        var tallies = await db.TallyCountsAsync(
            [TallyNames.ReissueStatus, TallyNames.RequestStatus, TallyNames.OrdersNeedingReissue, TallyNames.ReissueWaybillFailed], cancellationToken);
        int Tally(string name, string key = "") => (int)tallies.GetValueOrDefault((name, key));
        var due = await db.ReshipRequests.Where(r => r.Status == ReshipStatus.Pending && r.DueAtUtc < dueSoonUntil)
            .GroupBy(r => 1).Select(g => new { Overdue = g.Count(r => r.DueAtUtc < now), DueSoon = g.Count(r => r.DueAtUtc >= now) })
            .FirstOrDefaultAsync(cancellationToken);
        var late = await db.Reissues.CountAsync(r => (r.Status == ReissueStatus.AwaitingManualTracking || r.Status == ReissueStatus.AwaitingTracking)
            && r.ShipByUtc < now, cancellationToken);
        var counts = new DashboardCounts(
            Tally(TallyNames.ReissueStatus, ApiWords.Of(ReissueStatus.AwaitingManualTracking)),
            Tally(TallyNames.ReissueStatus, ApiWords.Of(ReissueStatus.AwaitingTracking)),
            Tally(TallyNames.RequestStatus, ApiWords.Of(ReshipStatus.Pending)),
            due?.DueSoon ?? 0,
            due?.Overdue ?? 0,
            Tally(TallyNames.OrdersNeedingReissue),
            late,
            Tally(TallyNames.ReissueWaybillFailed));

        var today = clock.Today;
        var pastDays = history.For(today);
        if (pastDays is null)
        {
            pastDays = await DaysAsync(db, today.AddDays(-29), today, cancellationToken);
            history.Keep(today, pastDays);
        }
        var days = pastDays.Concat(await DaysAsync(db, today, today.AddDays(1), cancellationToken)).ToList();
        return new DashboardSnapshot(counts, days, settings.Value.DueSoonWithin);
    }

    /// <summary>Reissues and requests created per shop day from <paramref name="first"/> up to (not including) <paramref name="end"/>.</summary>
    private static async Task<IReadOnlyList<DailyPoint>> DaysAsync(ReshipDbContext db, DateOnly first, DateOnly end, CancellationToken cancellationToken)
    {
        var (from, to) = (TallyRules.DayNumber(first), TallyRules.DayNumber(end.AddDays(-1)));
        var rows = await db.Tallies.AsNoTracking()
            .Where(t => (t.Name == TallyNames.ReissuesCreated || t.Name == TallyNames.RequestsCreated) && t.Day >= from && t.Day <= to)
            .GroupBy(t => new { t.Name, t.Day }).Select(g => new { g.Key.Name, g.Key.Day, Count = g.Sum(t => t.Count) })
            .ToListAsync(cancellationToken);
        int On(string name, DateOnly d) => (int)rows.Where(r => r.Name == name && r.Day == TallyRules.DayNumber(d)).Sum(r => r.Count);
        return Enumerable.Range(0, end.DayNumber - first.DayNumber).Select(i => first.AddDays(i))
            .Select(d => new DailyPoint(d, On(TallyNames.ReissuesCreated, d), On(TallyNames.RequestsCreated, d)))
            .ToList();
    }
}

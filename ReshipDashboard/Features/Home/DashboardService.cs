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

        // Counts of whole states are tallies kept by every save; only what depends on the clock is counted, each
        // over a short range of an index: (status, ship-by) for late reissues, (status, due) for pending requests.
        var reissueCounts = await db.TallyCountsAsync(TallyNames.ReissueStatus, cancellationToken);
        var requestCounts = await db.TallyCountsAsync(TallyNames.RequestStatus, cancellationToken);
        var pending = db.ReshipRequests.Where(r => r.Status == ReshipStatus.Pending);
        var counts = new DashboardCounts(
            (int)reissueCounts.GetValueOrDefault(ApiWords.Of(ReissueStatus.AwaitingManualTracking)),
            (int)reissueCounts.GetValueOrDefault(ApiWords.Of(ReissueStatus.AwaitingTracking)),
            (int)requestCounts.GetValueOrDefault(ApiWords.Of(ReshipStatus.Pending)),
            await pending.CountAsync(r => r.DueAtUtc >= now && r.DueAtUtc < dueSoonUntil, cancellationToken),
            await pending.CountAsync(r => r.DueAtUtc < now, cancellationToken),
            (int)await db.TallyCountAsync(TallyNames.OrdersNeedingReissue, cancellationToken: cancellationToken),
            await db.Reissues.CountAsync(r => r.Status == ReissueStatus.AwaitingManualTracking && r.ShipByUtc < now, cancellationToken)
                + await db.Reissues.CountAsync(r => r.Status == ReissueStatus.AwaitingTracking && r.ShipByUtc < now, cancellationToken),
            (int)await db.TallyCountAsync(TallyNames.ReissueWaybillFailed, cancellationToken: cancellationToken));

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
        var last = end.AddDays(-1);
        var reissuesByDay = (await db.TallyDaysAsync(TallyNames.ReissuesCreated, first, last, cancellationToken))
            .GroupBy(r => r.Day!.Value).ToDictionary(g => TallyQueries.DateOf(g.Key), g => (int)g.Sum(r => r.Count));
        var requestsByDay = (await db.TallyDaysAsync(TallyNames.RequestsCreated, first, last, cancellationToken))
            .GroupBy(r => r.Day!.Value).ToDictionary(g => TallyQueries.DateOf(g.Key), g => (int)g.Sum(r => r.Count));
        return Enumerable.Range(0, end.DayNumber - first.DayNumber).Select(i => first.AddDays(i))
            .Select(d => new DailyPoint(d, reissuesByDay.GetValueOrDefault(d), requestsByDay.GetValueOrDefault(d)))
            .ToList();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
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

        var reissueCounts = await db.Reissues
            .Where(r => r.Status == ReissueStatus.AwaitingManualTracking || r.Status == ReissueStatus.AwaitingTracking)
            .GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Late = g.Count(r => r.ShipByUtc < now) })
            .ToListAsync(cancellationToken);
        var pending = db.ReshipRequests.Where(r => r.Status == ReshipStatus.Pending);
        var counts = new DashboardCounts(
            reissueCounts.FirstOrDefault(c => c.Status == ReissueStatus.AwaitingManualTracking)?.Count ?? 0,
            reissueCounts.FirstOrDefault(c => c.Status == ReissueStatus.AwaitingTracking)?.Count ?? 0,
            await pending.CountAsync(cancellationToken),
            await pending.CountAsync(r => r.DueAtUtc >= now && r.DueAtUtc < dueSoonUntil, cancellationToken),
            await pending.CountAsync(r => r.DueAtUtc < now, cancellationToken),
            await db.Orders.CountAsync(o => o.NeedsReissue, cancellationToken),
            reissueCounts.Sum(c => c.Late),
            await db.Reissues.CountAsync(r => r.Status == ReissueStatus.AwaitingTracking && r.WaybillError != null, cancellationToken));

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
    private async Task<IReadOnlyList<DailyPoint>> DaysAsync(ReshipDbContext db, DateOnly first, DateOnly end, CancellationToken cancellationToken)
    {
        var (fromUtc, toUtc) = (clock.StartOfDayUtc(first), clock.StartOfDayUtc(end));
        var reissueTimes = await db.Reissues.Where(r => r.CreatedAtUtc >= fromUtc && r.CreatedAtUtc < toUtc).Select(r => r.CreatedAtUtc).ToListAsync(cancellationToken);
        var requestTimes = await db.ReshipRequests.Where(r => r.CreatedAtUtc >= fromUtc && r.CreatedAtUtc < toUtc).Select(r => r.CreatedAtUtc).ToListAsync(cancellationToken);
        var reissuesByDay = reissueTimes.CountBy(t => DateOnly.FromDateTime(clock.ToShop(t).DateTime)).ToDictionary();
        var requestsByDay = requestTimes.CountBy(t => DateOnly.FromDateTime(clock.ToShop(t).DateTime)).ToDictionary();
        return Enumerable.Range(0, end.DayNumber - first.DayNumber).Select(i => first.AddDays(i))
            .Select(d => new DailyPoint(d, reissuesByDay.GetValueOrDefault(d), requestsByDay.GetValueOrDefault(d)))
            .ToList();
    }
}

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

/// <summary>
/// What the home page shows, read at one moment. It stays true while <see cref="Changes"/> is the same and the clock is
/// before <see cref="ValidUntilUtc"/>: the next moment a time-bound count moves (a deadline passes or comes within the
/// due-soon window, a reissue's ship-by passes) or the shop's day ends.
/// </summary>
public sealed record DashboardSnapshot(DashboardCounts Counts, IReadOnlyList<DailyPoint> Last30Days, TimeSpan DueSoonWithin,
    DashboardChangeStamp Changes = default, DateTime ValidUntilUtc = default);

/// <summary>
/// The last tally row (every save that changes a counted status or creates a reissue or request adds one) and the last
/// change to a reship request (a buyer's modification moves its deadline without changing its status).
/// </summary>
public readonly record struct DashboardChangeStamp(long LastTally, DateTime? LastRequestChange);

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
    /// <summary>
    /// The refresh: <paramref name="shown"/> itself (one read of the change stamp, nothing else) while nothing it counts
    /// has changed and no time-bound count has moved; otherwise a new snapshot.
    /// </summary>
    public async Task<DashboardSnapshot> RefreshAsync(DashboardSnapshot shown, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var stamp = await StampAsync(db, cancellationToken);
        if (stamp == shown.Changes && clock.UtcNow < shown.ValidUntilUtc && shown.DueSoonWithin == settings.Value.DueSoonWithin)
            return shown;
        return await ReadAsync(db, stamp, cancellationToken);
    }

    public async Task<DashboardSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await ReadAsync(db, await StampAsync(db, cancellationToken), cancellationToken);
    }

    private static async Task<DashboardChangeStamp> StampAsync(ReshipDbContext db, CancellationToken cancellationToken) =>
        new(await db.Tallies.MaxAsync(t => (long?)t.Id, cancellationToken) ?? 0,
            await db.ReshipRequests.MaxAsync(r => (DateTime?)r.UpdatedAtUtc, cancellationToken));

    private async Task<DashboardSnapshot> ReadAsync(ReshipDbContext db, DashboardChangeStamp stamp, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var dueSoonUntil = now + settings.Value.DueSoonWithin;

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
        return new DashboardSnapshot(counts, days, settings.Value.DueSoonWithin, stamp,
            await NextClockChangeAsync(db, now, dueSoonUntil, cancellationToken));
    }

    /// <summary>
    /// When the first time-bound count moves without any save: the next pending deadline passes or comes within the
    /// due-soon window, the next waiting reissue's ship-by passes, or the shop's day ends. Each is the first entry of an
    /// index range.
    /// </summary>
    private async Task<DateTime> NextClockChangeAsync(ReshipDbContext db, DateTime now, DateTime dueSoonUntil, CancellationToken cancellationToken)
    {
        var pending = db.ReshipRequests.Where(r => r.Status == ReshipStatus.Pending);
        var nextDue = await pending.Where(r => r.DueAtUtc >= now).MinAsync(r => (DateTime?)r.DueAtUtc, cancellationToken);
        var nextDueSoon = await pending.Where(r => r.DueAtUtc >= dueSoonUntil).MinAsync(r => (DateTime?)r.DueAtUtc, cancellationToken);
        var nextManualLate = await db.Reissues.Where(r => r.Status == ReissueStatus.AwaitingManualTracking && r.ShipByUtc >= now)
            .MinAsync(r => (DateTime?)r.ShipByUtc, cancellationToken);
        var nextAwaitingLate = await db.Reissues.Where(r => r.Status == ReissueStatus.AwaitingTracking && r.ShipByUtc >= now)
            .MinAsync(r => (DateTime?)r.ShipByUtc, cancellationToken);
        DateTime?[] moments = [nextDue, nextDueSoon - settings.Value.DueSoonWithin, nextManualLate, nextAwaitingLate,
            clock.StartOfDayUtc(clock.Today.AddDays(1))];
        return moments.OfType<DateTime>().Min();
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

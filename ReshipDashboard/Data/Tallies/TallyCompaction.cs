using Microsoft.EntityFrameworkCore;

namespace ReshipDashboard.Data.Tallies;

/// <summary>
/// Folds the tally rows saves have added into one row per (name, day, key, courier) every <see cref="Every"/>, so
/// reads stay short. One transaction replaces the rows of each tally with more than one row, up to the highest id, by
/// their sum: a total is the same before and after. On PostgreSQL the transaction takes the shared write lock
/// (<see cref="PostgresWriteLock"/>), so saves and other instances' folds wait and none is lost or counted twice;
/// a second fold right after the first only folds the folded rows again.
/// </summary>
public sealed class TallyCompaction(IDbContextFactory<ReshipDbContext> factory, TimeProvider time, ILogger<TallyCompaction> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    /// <summary>The highest row id this instance has seen folded: no newer row, nothing to fold (read without the lock).</summary>
    private long _foldedUpTo = -1;

    /// <summary>
    /// Folds what is there; returns how many rows it folded away. Only the tallies saves have added to since the last
    /// fold have more than one row (or add up to nothing): those are read as sums, their rows deleted and the sums
    /// inserted. Every other tally keeps its one row, so a fold after a few saves rewrites a few rows, not the table.
    /// </summary>
    public async Task<int> CompactAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if ((await db.Tallies.MaxAsync(t => (long?)t.Id, cancellationToken) ?? 0) <= _foldedUpTo) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await TallyBuild.TakeWriteLockAsync(db, cancellationToken);
        var upTo = await db.Tallies.MaxAsync(t => (long?)t.Id, cancellationToken) ?? 0;
        var loose = await db.Tallies.Where(t => t.Id <= upTo)
            .GroupBy(t => new { t.Name, t.Day, t.Key, t.Carrier })
            .Where(g => g.Count() > 1 || (g.Sum(t => t.Count) == 0 && g.Sum(t => t.Quantity) == 0 && g.Sum(t => t.AmountFen) == 0))
            .Select(g => new { g.Key.Name, g.Key.Day, g.Key.Key, g.Key.Carrier, Count = g.Sum(t => t.Count), Quantity = g.Sum(t => t.Quantity), Amount = g.Sum(t => t.AmountFen) })
            .ToListAsync(cancellationToken);
        if (loose.Count == 0)
        {
            _foldedUpTo = upTo;
            return 0;
        }
        var deleted = 0;
        foreach (var g in loose)
            deleted += await db.Tallies
                .Where(t => t.Id <= upTo && t.Name == g.Name && t.Day == g.Day && t.Key == g.Key && t.Carrier == g.Carrier)
                .ExecuteDeleteAsync(cancellationToken);
        var folded = loose.Select(s => new TallyRow(s.Name, s.Day, s.Key, s.Carrier, s.Count, s.Quantity, s.Amount))
            .Where(r => !r.IsZero).Select(r => new Tally(r)).ToList();
        db.Tallies.AddRange(folded);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        _foldedUpTo = folded.Count == 0 ? upTo : folded.Max(t => t.Id);
        return deleted - folded.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await CompactAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Folding the tallies failed; trying again in {Minutes} min", Every.TotalMinutes);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

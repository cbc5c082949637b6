using Microsoft.EntityFrameworkCore;

namespace ReshipDashboard.Data.Tallies;

/// <summary>
/// Folds the tally rows saves have added into one row per (name, day, key, courier) every <see cref="Every"/>, so
/// reads stay short. One transaction inserts the sums of the rows up to the highest id and deletes exactly those
/// rows: a total is the same before and after. On PostgreSQL the transaction takes the shared write lock
/// (<see cref="PostgresWriteLock"/>), so saves and other instances' folds wait and none is lost or counted twice;
/// a second fold right after the first only folds the folded rows again.
/// </summary>
public sealed class TallyCompaction(IDbContextFactory<ReshipDbContext> factory, TimeProvider time, ILogger<TallyCompaction> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    /// <summary>The highest row id this instance has seen folded: no newer row, nothing to fold (read without the lock).</summary>
    private long _foldedUpTo = -1;

    /// <summary>Folds what is there; returns how many rows it folded away.</summary>
    public async Task<int> CompactAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if ((await db.Tallies.MaxAsync(t => (long?)t.Id, cancellationToken) ?? 0) <= _foldedUpTo) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await TallyBuild.TakeWriteLockAsync(db, cancellationToken);
        var upTo = await db.Tallies.MaxAsync(t => (long?)t.Id, cancellationToken) ?? 0;
        var rowCount = await db.Tallies.CountAsync(cancellationToken);
        var sums = await db.Tallies.Where(t => t.Id <= upTo)
            .GroupBy(t => new { t.Name, t.Day, t.Key, t.Carrier })
            .Select(g => new { g.Key.Name, g.Key.Day, g.Key.Key, g.Key.Carrier, Count = g.Sum(t => t.Count), Quantity = g.Sum(t => t.Quantity), Amount = g.Sum(t => t.AmountFen) })
            .ToListAsync(cancellationToken);
        var rows = sums.Select(s => new TallyRow(s.Name, s.Day, s.Key, s.Carrier, s.Count, s.Quantity, s.Amount)).Where(r => !r.IsZero).ToList();
        if (rows.Count >= rowCount)
        {
            _foldedUpTo = upTo;
            return 0;
        }
        var deleted = await db.Tallies.Where(t => t.Id <= upTo).ExecuteDeleteAsync(cancellationToken);
        var folded = rows.Select(r => new Tally(r)).ToList();
        db.Tallies.AddRange(folded);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        _foldedUpTo = folded.Count == 0 ? upTo : folded.Max(t => t.Id);
        return deleted - rows.Count;
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

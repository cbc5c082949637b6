using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// Purges idempotency records older than <see cref="KeepFor"/> every hour (and once at start), so the table does not
/// grow without bound. A failed sweep is logged and the next one runs as planned.
/// </summary>
public sealed class IdempotencySweep(IDbContextFactory<ReshipDbContext> factory, TimeProvider time, ILogger<IdempotencySweep> logger) : BackgroundService
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(24);
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>Deletes the records created more than a day ago; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - KeepFor;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.IdempotencyRecords.Where(r => r.CreatedAtUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                var purged = await SweepAsync(stoppingToken);
                if (purged > 0) logger.LogInformation("Purged {Count} idempotency records older than {Hours} h", purged, KeepFor.TotalHours);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging idempotency records failed; trying again in {Minutes} min", Every.TotalMinutes);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
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

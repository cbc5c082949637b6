using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>
/// Gives every first reissue waiting in 待发货 its automatic tracking number. Woken by <see cref="WaybillSignal"/>
/// and sweeping every few seconds (on the injected clock); a failure is recorded on the reissue and the service is
/// asked again by itself after growing waits (1, 5, 15, 60 minutes); after that it stays in 待发货 with a retry
/// button until someone retries it.
/// </summary>
public sealed class WaybillDispatcher(
    IDbContextFactory<ReshipDbContext> factory,
    IWaybillProvider provider,
    ReissuePipeline pipeline,
    WaybillSignal signal,
    TimeProvider time,
    IOptionsMonitor<WaybillOptions> options,
    ILogger<WaybillDispatcher> logger) : BackgroundService
{
    private const int NumberAttempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "E-waybill sweep failed");
            }
            await WaitForWorkAsync(stoppingToken);
        }
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sweep = TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.SweepSeconds));
        var woken = signal.WaitAsync(Timeout.InfiniteTimeSpan, wait.Token);
        var timer = Task.Delay(sweep, time, wait.Token);
        await Task.WhenAny(woken, timer);
        await wait.CancelAsync();
        try
        {
            await Task.WhenAll(woken, timer);
        }
        catch (OperationCanceledException)
        {
            // The other wait was cancelled on purpose.
        }
        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>How long one instance holds a reissue while it asks the courier; after a crash another instance takes over.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    /// <summary>Numbers every reissue that waits for its automatic number, has no recorded failure and no live claim; returns how many shipped.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        List<int> waiting;
        var now = pipeline.UtcNow;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            waiting = await db.Reissues.AsNoTracking()
                .Where(r => r.Status == ReissueStatus.AwaitingTracking
                    && (r.WaybillError == null || (r.NextWaybillAttemptAtUtc != null && r.NextWaybillAttemptAtUtc <= now))
                    && (r.WaybillClaimedUntilUtc == null || r.WaybillClaimedUntilUtc <= now))
                .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        }
        var shipped = 0;
        foreach (var id in waiting)
            if (await NumberAsync(id, cancellationToken)) shipped++;
        return shipped;
    }

    private async Task<bool> NumberAsync(int reissueId, CancellationToken cancellationToken)
    {
        if (await ClaimAsync(reissueId, cancellationToken) is not { } claimed) return false;
        var (reissueNo, courier) = claimed;

        for (var attempt = 1; attempt <= NumberAttempts; attempt++)
        {
            string number;
            try
            {
                number = await provider.IssueAsync(courier, reissueNo, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await RecordFailureAsync(reissueId, e is WaybillException ? e.Message : SimulatedWaybillProvider.FailureKey, cancellationToken);
                return false;
            }
            switch (await ShipAsync(reissueId, courier, number, cancellationToken))
            {
                case ShipOutcome.Shipped: return true;
                case ShipOutcome.Gone: return false;
                case ShipOutcome.NumberTaken: continue;
            }
        }
        await RecordFailureAsync(reissueId, "电子面单返回的单号已被使用", cancellationToken);
        return false;
    }

    /// <summary>
    /// Claims the reissue in the database before the courier is asked: the claim saves with the reissue's version
    /// token, so of two instances (or two sweeps) only one gets it and only one e-waybill request goes out.
    /// </summary>
    private async Task<(string ReissueNo, Courier Courier)?> ClaimAsync(int reissueId, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            // In a transaction, as every write is: on PostgreSQL it waits for the write lock like the others, so a
            // claim never lands between another writer's read of this reissue and its save (a courier event's, say).
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var reissue = await db.Reissues.FirstOrDefaultAsync(r => r.Id == reissueId, cancellationToken);
            if (reissue is null || !reissue.TryClaimWaybill(pipeline.UtcNow, ClaimLease)) return null;
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            var courier = Courier.Find(reissue.PreferredCarrier) ?? Courier.Find(options.CurrentValue.DefaultCarrier) ?? Courier.ZTO;
            return (reissue.ReissueNo, courier);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null; // another instance claimed it (or someone changed it) first
        }
    }

    private enum ShipOutcome { Shipped, Gone, NumberTaken }

    private async Task<ShipOutcome> ShipAsync(int reissueId, Courier courier, string number, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var reissue = await db.Reissues.Include(r => r.Order).Include(r => r.ReshipRequest)
                .FirstOrDefaultAsync(r => r.Id == reissueId, cancellationToken);
            if (reissue is null || !reissue.IsDueForWaybill(pipeline.UtcNow)) return ShipOutcome.Gone;
            try
            {
                await ReissuePipeline.EnsureUnusedAsync(db, number, null, cancellationToken);
            }
            catch (DomainException)
            {
                return ShipOutcome.NumberTaken;
            }
            reissue.RecordWaybillAttempt();
            pipeline.Ship(reissue, courier, number, Actor.System, automatic: true);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return ShipOutcome.Shipped;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone entered the number by hand or cancelled meanwhile: theirs stands.
            return ShipOutcome.Gone;
        }
    }

    private async Task RecordFailureAsync(int reissueId, string messageKey, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var reissue = await db.Reissues.FirstOrDefaultAsync(r => r.Id == reissueId, cancellationToken);
            if (reissue is null || reissue.Status != ReissueStatus.AwaitingTracking) return;
            var now = pipeline.UtcNow;
            reissue.RecordWaybillFailure(messageKey, now, Actor.System);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed meanwhile; the next sweep sees its new state.
        }
    }
}

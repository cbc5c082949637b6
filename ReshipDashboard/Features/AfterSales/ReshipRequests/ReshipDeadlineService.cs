using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>
/// The reship deadlines, acted on as 系统: a pending request past its answer time is approved (or escalated, by
/// setting), a rejection not escalated in time closes, a shipped request not confirmed in time completes.
/// Driven by the injected <see cref="TimeProvider"/> so tests move time instead of waiting.
/// </summary>
public sealed class ReshipDeadlineService(IServiceScopeFactory scopes, TimeProvider time, ILogger<ReshipDeadlineService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _oneRun = new(1, 1);

    /// <summary>Acts on every request whose deadline has passed; returns how many were acted on.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        await _oneRun.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Actor = Actor.System;
            var service = scope.ServiceProvider.GetRequiredService<ReshipDeadlineJob>();
            var acted = 0;
            foreach (var id in await service.FindDueAsync(cancellationToken))
            {
                try
                {
                    await service.RunDeadlineAsync(id, cancellationToken);
                    acted++;
                }
                catch (DomainException e)
                {
                    // Someone acted on it first, or a rule refused: the next run sees the new state.
                    logger.LogInformation("Deadline of reship request {Id} not applied: {Reason}", id, e.Message);
                }
            }
            return acted;
        }
        finally
        {
            _oneRun.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                // Leave the timer's thread at once: ticks that arrive while a run is busy coalesce into one.
                await Task.Yield();
                try
                {
                    await RunDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Reship deadline run failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _oneRun.Dispose();
        base.Dispose();
    }
}

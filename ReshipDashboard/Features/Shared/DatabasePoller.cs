using Microsoft.Extensions.Options;
using ReshipDashboard.Data;

namespace ReshipDashboard.Features.Shared;

/// <summary>
/// A background reader of what other instances committed: polls once before the app serves (so what happens right
/// after start is not taken for history), then every <see cref="DatabaseOptions.ChangePollInterval"/>. Off when the
/// interval is not set (SQLite, one instance). A failed read is logged and the next tick tries again.
/// </summary>
public abstract class DatabasePoller(IOptions<DatabaseOptions> options, ILogger logger) : BackgroundService
{
    /// <summary>What is read, for the log ("the change feed").</summary>
    protected abstract string What { get; }

    /// <summary>Reads once and raises what changed since the last read; returns how many things changed.</summary>
    public abstract Task<int> PollAsync(CancellationToken cancellationToken = default);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ChangePollInterval is not null) await PollQuietlyAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ChangePollInterval is not { } interval) return;
        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await PollQuietlyAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PollQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PollAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database is away for a moment: the next tick tries again.
            logger.LogDebug(e, "Reading {What} failed", What);
        }
    }
}

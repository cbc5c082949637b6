namespace ReshipDashboard.Data;

/// <summary>
/// Runs first at start-up: migrates (and seeds in Development) before anything else touches the database.
/// A database that cannot be opened stops the app with one clear log line naming the path (or host) and the cause.
/// </summary>
public sealed class DatabaseStartup(DatabaseInitializer initializer, IHostApplicationLifetime lifetime, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await initializer.InitializeAsync(cancellationToken);
        }
        catch (DatabaseUnavailableException e)
        {
            logger.LogCritical("Cannot open the database at {Path}: {Cause}", e.DatabasePath, e.Cause);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

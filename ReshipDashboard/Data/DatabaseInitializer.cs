using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReshipDashboard.Data.Seeding;

namespace ReshipDashboard.Data;

/// <summary>Opens the database at start-up, applies the committed migrations and, in Development, seeds the demo shop.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<ReshipDbContext> factory,
    DemoShopSeeder seeder,
    Tallies.TallyInterceptor tallies,
    IOptions<DatabaseOptions> options,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var provider = options.Value.Provider;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var connectionString = db.Database.GetConnectionString()!;
        var target = DataServiceCollectionExtensions.DescribeTarget(provider, connectionString);
        try
        {
            if (provider == DatabaseProvider.Sqlite) await PrepareSqliteAsync(connectionString, target, cancellationToken);
            else await ProbePostgresAsync(connectionString, cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            if (provider == DatabaseProvider.Sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (await Tallies.TallyBuild.EnsureAsync(db, tallies.Zone, cancellationToken))
                logger.LogInformation("Tallies built from the data in time zone {Zone} in {Seconds:N1} s", tallies.Zone.Id,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or SocketException or IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException(target, Cause(e), e);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (environment.IsDevelopment())
            await seeder.SeedIfEmptyAsync(cancellationToken);
        else
            logger.LogInformation("Database ready at {Path}", target);
    }

    private static async Task PrepareSqliteAsync(string connectionString, string path, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !path.Equals(":memory:", StringComparison.Ordinal))
            Directory.CreateDirectory(folder);
        // Opened once by hand first, so a file that cannot be opened is reported in one line, not by EF's logs; a
        // missing file is made here (the app's own connections never make one).
        await using var probe = new SqliteConnection(SqliteDatabaseFile.Creating(connectionString));
        await probe.OpenAsync(cancellationToken);
    }

    private static async Task ProbePostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Without the pool, so a server that is down answers at once and nothing half-open is kept.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var probe = new NpgsqlConnection(builder.ToString());
        await probe.OpenAsync(cancellationToken);
    }

    /// <summary>The innermost message that says why (connection refused, password failed, no such database).</summary>
    private static string Cause(Exception e)
    {
        var cause = e;
        while (cause is not PostgresException && cause.InnerException is { } inner) cause = inner;
        return cause.Message;
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data.Seeding;

namespace ReshipDashboard.Data;

/// <summary>Opens the database at start-up, applies the committed migrations and, in Development, seeds the demo shop.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<ReshipDbContext> factory,
    DemoShopSeeder seeder,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !path.Equals(":memory:", StringComparison.Ordinal))
                Directory.CreateDirectory(folder);
            // Opened once by hand first, so a file that cannot be opened is reported in one line, not by EF's logs.
            await using (var probe = new SqliteConnection(db.Database.GetConnectionString()))
            {
                await probe.OpenAsync(cancellationToken);
            }
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException(path, e.Message, e);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (environment.IsDevelopment())
            await seeder.SeedIfEmptyAsync(cancellationToken);
        else
            logger.LogInformation("Database ready at {Path}", path);
    }
}

public sealed class DatabaseUnavailableException(string path, string cause, Exception inner)
    : Exception($"Cannot open the database at {path}: {cause}", inner)
{
    public string DatabasePath { get; } = path;
}

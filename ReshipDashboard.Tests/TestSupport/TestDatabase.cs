using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>A migrated SQLite file of its own in the temp folder, deleted on dispose.</summary>
public sealed class TestDatabase : IDbContextFactory<ReshipDbContext>, IAsyncDisposable
{
    private TestDatabase(string path)
    {
        FilePath = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = false }.ToString();
    }

    public string FilePath { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var db = new TestDatabase(Path.Combine(Path.GetTempPath(), "reship-tests", $"{Guid.NewGuid():N}.db"));
        Directory.CreateDirectory(Path.GetDirectoryName(db.FilePath)!);
        await using var context = db.CreateDbContext();
        await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await context.Database.MigrateAsync();
        return db;
    }

    public ReshipDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<ReshipDbContext>()
            .UseSqlite(ConnectionString)
            .AddInterceptors(new VersionInterceptor())
            .Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(FilePath + suffix); } catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }
}

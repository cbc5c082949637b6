using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// A migrated database of its own, deleted on dispose: a SQLite file in the temp folder, or a PostgreSQL
/// database when the tests run on PostgreSQL (<see cref="TestProvider"/>).
/// </summary>
public sealed class TestDatabase : IDbContextFactory<ReshipDbContext>, IAsyncDisposable
{
    private TestDatabase(DatabaseProvider provider, string connectionString, string? path)
    {
        Provider = provider;
        ConnectionString = connectionString;
        FilePath = path ?? "";
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file (empty on PostgreSQL).</summary>
    public string FilePath { get; }

    public string ConnectionString { get; }

    /// <summary>On the provider the run uses.</summary>
    public static Task<TestDatabase> CreateAsync() => CreateAsync(TestProvider.Current);

    /// <summary>SQLite whatever the run uses: for tests of SQLite itself (files, pragmas, raw SQL).</summary>
    public static Task<TestDatabase> CreateSqliteAsync() => CreateAsync(DatabaseProvider.Sqlite);

    private static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
            return new TestDatabase(provider, await TestProvider.CreatePostgresDatabaseAsync(), null);

        var path = Path.Combine(Path.GetTempPath(), "reship-tests", $"{Guid.NewGuid():N}.db");
        var db = new TestDatabase(provider, new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = false }.ToString(), path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync(); // makes the file, in WAL mode (the app's connections never make one)
        return db;
    }

    /// <summary>
    /// Makes the database refuse a kind of write (<paramref name="when"/>: INSERT, UPDATE, DELETE) to a table, on either
    /// provider: a trigger named <paramref name="name"/> that raises before the row is written, for every row or only
    /// those matching <paramref name="condition"/> (quoted column names, e.g. <c>NEW."TrackingNo" = 'x'</c>).
    /// </summary>
    public async Task RefuseAsync(string name, string when, string table, string? condition = null)
    {
        await using var db = CreateDbContext();
        string[] statements = Provider == DatabaseProvider.Postgres
            ?
            [
                $"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{name}'; END $$;",
                $"CREATE TRIGGER {name} BEFORE {when} ON \"{table}\" FOR EACH ROW "
                    + (condition is null ? "" : $"WHEN ({condition}) ") + $"EXECUTE FUNCTION {name}();",
            ]
            :
            [
                $"CREATE TRIGGER {name} BEFORE {when} ON \"{table}\" "
                    + (condition is null ? "" : $"WHEN {condition} ") + $"BEGIN SELECT RAISE(ABORT, '{name}'); END;",
            ];
        foreach (var statement in statements) await db.Database.ExecuteSqlRawAsync(statement);
    }

    public ReshipDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<ReshipDbContext>().UseReshipDatabase(Provider, ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await TestProvider.DropPostgresDatabaseAsync(ConnectionString);
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(FilePath + suffix); } catch (IOException) { }
        }
    }
}

using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Data;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

/// <summary>
/// A database file moved away, deleted or replaced under the app: the connections kept open, and the handles pooled, on
/// the old file are let go, and the path is opened again, without making a new file there: a missing database is out of
/// reach until it is back.
/// </summary>
public sealed class MovedDatabaseFileTests : PooledDatabase
{
    [Fact]
    public async Task ADatabaseFileMovedAway_IsNotReadPast_ByAConnectionKeptOpen()
    {
        var factory = await FactoryWithProductAsync("POOL-M", "池测试搬走");

        // Moved without clearing any pool: the open handle (and any pooled one) still points at the moved file.
        await AssertMovedAwayIsNotReadAsync(factory, "POOL-M");
    }

    /// <summary>The migrated database's pool of contexts, with one product saved through it.</summary>
    private async Task<IDbContextFactory<ReshipDbContext>> FactoryWithProductAsync(string sku, string name)
    {
        var factory = (await MigratedAsync()).GetRequiredService<IDbContextFactory<ReshipDbContext>>();
        await AddProductAsync(factory, sku, name);
        return factory;
    }

    /// <summary>The watch of the database's file, known once a context of the pool has read from it.</summary>
    private static async Task<DatabaseFileWatch> WatchAsync(IDbContextFactory<ReshipDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        await db.Products.AnyAsync();
        return DatabaseFileWatch.Known(db.Database.GetDbConnection().ConnectionString) ?? throw new InvalidOperationException("The file has no watch.");
    }

    [Fact]
    public async Task ADatabaseFileMovedAway_IsNotReadPast_ByAScopedContext_ThroughAHandlePooledBeforeTheMove()
    {
        var services = await MigratedAsync();
        var factory = services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();
        await AddProductAsync(factory, "POOL-S", "池测试旧句柄");
        await using (var earlier = services.CreateAsyncScope())
        {
            // The scoped context closes its connection after each statement: the handle goes back to Microsoft.Data.Sqlite's pool.
            Assert.True(await earlier.ServiceProvider.GetRequiredService<ReshipDbContext>().Products.AnyAsync(p => p.Sku == "POOL-S"));
        }

        using var moved = await MoveAwayAsync(factory);
        await using var scope = services.CreateAsyncScope();
        var scoped = scope.ServiceProvider.GetRequiredService<ReshipDbContext>();
        Assert.Equal(ConnectionState.Closed, scoped.Database.GetDbConnection().State);
        await AssertOutOfReachAsync(() => scoped.Products.AnyAsync(p => p.Sku == "POOL-S"));
    }

    /// <summary>
    /// Moves the database file away, then reads with a context of the pool: the path is opened again, and with no file
    /// there the database is out of reach, so the moved data is not served.
    /// </summary>
    private async Task AssertMovedAwayIsNotReadAsync(IDbContextFactory<ReshipDbContext> factory, string sku, DbConnection? expected = null)
    {
        using var moved = await MoveAwayAsync(factory);
        await using var db = await factory.CreateDbContextAsync();
        if (expected is not null) Assert.Same(expected, db.Database.GetDbConnection());
        await AssertOutOfReachAsync(() => db.Products.AnyAsync(p => p.Sku == sku));
    }

    /// <summary>A read of the path opened again: SQLite cannot open it, the app takes that for the database out of reach, and no file is made there.</summary>
    private async Task AssertOutOfReachAsync(Func<Task> read)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(read);
        Assert.Equal(14, error.SqliteErrorCode); // SQLITE_CANTOPEN
        Assert.Equal(DatabaseFault.Unavailable, DatabaseErrors.Classify(error));
        Assert.False(File.Exists(DatabasePath), "a new file was made in the moved database's place");
    }

    /// <summary>
    /// Moves the database file (with its -wal and -shm) away without clearing any pool, and waits until the file
    /// system has reported it; disposing deletes the moved files.
    /// </summary>
    private async Task<IDisposable> MoveAwayAsync(IDbContextFactory<ReshipDbContext> factory)
    {
        var watch = await WatchAsync(factory);
        var before = watch.Changes;
        var moved = new MovedFiles(DatabasePath);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(DatabasePath + suffix)) File.Move(DatabasePath + suffix, DatabasePath + suffix + ".away");
        try
        {
            await DatabaseFileWatchTests.ReportedAsync(watch, before);
            return moved;
        }
        catch
        {
            moved.Dispose();
            throw;
        }
    }

    private sealed class MovedFiles(string path) : IDisposable
    {
        public void Dispose()
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix + ".away");
        }
    }

    [Fact]
    public async Task ADatabaseFileMovedAway_IsNoticed_AfterTheLastUserLeftItsConnectionOpened()
    {
        var factory = await FactoryWithProductAsync("POOL-O", "池测试未关");
        DbConnection connection;
        await using (var left = await factory.CreateDbContextAsync())
        {
            // Opened for an operation of several statements and never closed: inside one, the file is checked once.
            await left.Database.OpenConnectionAsync();
            Assert.True(await left.Products.AnyAsync(p => p.Sku == "POOL-O"));
            connection = left.Database.GetDbConnection();
        }

        // The same pooled context (and connection) serves the next read, which checks the file again.
        await AssertMovedAwayIsNotReadAsync(factory, "POOL-O", connection);
    }

    [Fact]
    public async Task ADatabaseFileReplacedByRename_IsRead_ByAConnectionKeptOpen()
    {
        var factory = await FactoryWithProductAsync("POOL-N", "池测试原文件");
        DbConnection connection;
        await using (var first = await factory.CreateDbContextAsync())
        {
            Assert.True(await first.Products.AnyAsync(p => p.Sku == "POOL-N"));
            connection = first.Database.GetDbConnection();
        }

        // Another shop's file, with its own product, moved over the path while the connection is kept open on the old one.
        var other = DatabasePath + ".other";
        await using (var seeded = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await seeded.OpenAsync();
            await using var command = seeded.CreateCommand();
            command.CommandText = "CREATE TABLE \"Products\" (\"Id\" INTEGER PRIMARY KEY, \"Sku\" TEXT NOT NULL);"
                + "INSERT INTO \"Products\" (\"Sku\") VALUES ('POOL-OTHER');";
            await command.ExecuteNonQueryAsync();
        }
        var watch = await WatchAsync(factory);
        var before = watch.Changes;
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(DatabasePath + suffix);
        File.Move(other, DatabasePath, overwrite: true);
        await DatabaseFileWatchTests.ReportedAsync(watch, before);

        await using var next = await factory.CreateDbContextAsync();
        Assert.Same(connection, next.Database.GetDbConnection());
        Assert.Equal(["POOL-OTHER"], await next.Database.SqlQueryRaw<string>("SELECT \"Sku\" AS \"Value\" FROM \"Products\"").ToListAsync());
    }
}

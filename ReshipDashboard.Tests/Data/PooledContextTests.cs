using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

/// <summary>
/// The app's contexts come from EF's pool and its SQLite connections from Microsoft.Data.Sqlite's: what one operation
/// leaves on a context or a connection must not change the next one.
/// </summary>
public sealed class PooledContextTests : PooledDatabase
{
    [Fact]
    public async Task AReusedContext_StoresTheNextActionsIdempotencyKey()
    {
        var services = await MigratedAsync();
        var factory = services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();

        ReshipDbContext first;
        using (IdempotentAction.Begin(Action("key-a")))
        {
            await using var db = first = await factory.CreateDbContextAsync();
            db.Products.Add(new Product("POOL-A", "池测试甲", 100, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        using (IdempotentAction.Begin(Action("key-b")))
        {
            await using var db = await factory.CreateDbContextAsync();
            Assert.Same(first, db); // the pool handed the same instance out again
            db.Products.Add(new Product("POOL-B", "池测试乙", 100, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        await using var check = await factory.CreateDbContextAsync();
        var keys = await check.IdempotencyRecords.Select(r => r.Key).OrderBy(k => k).ToListAsync();
        Assert.Equal(["key-a", "key-b"], keys);
    }

    [Fact]
    public async Task AKeyCommittedByAnotherRequest_IsReported_FromAPooledContext()
    {
        var services = await MigratedAsync();
        var factory = services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();
        using (IdempotentAction.Begin(Action("key-same")))
        {
            await using var db = await factory.CreateDbContextAsync();
            db.Products.Add(new Product("POOL-C", "池测试丙", 100, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        using (IdempotentAction.Begin(Action("key-same")))
        {
            await using var db = await factory.CreateDbContextAsync();
            db.Products.Add(new Product("POOL-D", "池测试丁", 100, DateTime.UtcNow));
            // The duplicate key is checked on a context of its own, built from the pool's options.
            await Assert.ThrowsAsync<IdempotencyKeyTakenException>(() => db.SaveChangesAsync());
        }

        await using var check = await factory.CreateDbContextAsync();
        Assert.False(await check.Products.AnyAsync(p => p.Sku == "POOL-D"));
    }

    [Fact]
    public async Task TheScopedContext_ComesFromThePool()
    {
        var services = await MigratedAsync();
        ReshipDbContext scoped;
        await using (var scope = services.CreateAsyncScope())
            scoped = scope.ServiceProvider.GetRequiredService<ReshipDbContext>();

        await using var next = await services.GetRequiredService<IDbContextFactory<ReshipDbContext>>().CreateDbContextAsync();
        Assert.Same(scoped, next);
    }

    [Fact]
    public async Task TheScopedContext_ClosesItsConnectionAfterEachStatement_AndThePoolsNextUserKeepsItsOpen()
    {
        var services = await MigratedAsync();
        DbConnection connection;
        await using (var scope = services.CreateAsyncScope())
        {
            // A scope may be a circuit's, open as long as the page: it holds no connection between statements.
            var scoped = scope.ServiceProvider.GetRequiredService<ReshipDbContext>();
            connection = scoped.Database.GetDbConnection();
            Assert.False(await scoped.Products.AnyAsync());
            Assert.Equal(ConnectionState.Closed, connection.State);
        }

        await using var next = await services.GetRequiredService<IDbContextFactory<ReshipDbContext>>().CreateDbContextAsync();
        Assert.Same(connection, next.Database.GetDbConnection());
        Assert.False(await next.Products.AnyAsync());
        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Theory]
    [InlineData(null, 2)] // FULL, SQLite's default: every commit synced to the disk
    [InlineData("Full", 2)]
    [InlineData("Normal", 1)]
    public async Task SqliteSynchronous_IsTheConfiguredMode_OnEveryConnection(string? setting, int expected)
    {
        var services = await MigratedAsync(setting);
        var factory = services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();

        // Twice: the second context reuses the pooled connection the first one opened.
        for (var i = 0; i < 2; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            var mode = await db.Database.SqlQueryRaw<int>("PRAGMA synchronous").ToListAsync();
            Assert.Equal(expected, mode.Single());
        }
    }

    [Fact]
    public async Task APooledContext_KeepsItsConnectionOpen_AndCompilesARepeatedStatementOnce()
    {
        var services = await MigratedAsync();
        var factory = services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();
        await AddProductAsync(factory, "POOL-1", "池测试一");

        SqliteConnection? connection = null;
        var compiled = new List<int>();
        var found = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            var current = (SqliteConnection)db.Database.GetDbConnection();
            if (connection is not null) Assert.Same(connection, current); // the same pooled context, the same connection
            connection = current;
            var sku = $"POOL-{i}";
            found.Add(await db.Products.AnyAsync(p => p.Sku == sku));
            compiled.Add(StatementCache.Of(connection).Created);
        }

        Assert.Equal([false, true, false], found); // each run with its own parameter value
        Assert.Equal(ConnectionState.Open, connection!.State); // still open with the context back in the pool
        Assert.True(compiled[0] > 0);
        Assert.Equal(compiled[0], compiled[2]); // no command made after the first run: its compiled statement ran again
    }

    [Fact]
    public async Task AStatementRunInARolledBackTransaction_RunsAgainWithoutOne()
    {
        var services = await MigratedAsync();
        var factory = services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(0, await db.Products.CountAsync());
            db.Products.Add(new Product("POOL-T", "池测试事务", 100, DateTime.UtcNow));
            await db.SaveChangesAsync();
            Assert.Equal(1, await db.Products.CountAsync());
            await transaction.RollbackAsync();
        }

        await using var next = await factory.CreateDbContextAsync();
        Assert.Equal(0, await next.Products.CountAsync());
    }

    [Fact]
    public async Task AContextLeftInATransaction_HandsTheNextOneAConnectionWithoutIt()
    {
        var services = await MigratedAsync();
        var factory = services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.BeginTransactionAsync();
            db.Products.Add(new Product("POOL-L", "池测试遗留", 100, DateTime.UtcNow));
            await db.SaveChangesAsync();
            // Disposed without a commit.
        }

        await using var next = await factory.CreateDbContextAsync();
        Assert.Null(next.Database.CurrentTransaction);
        Assert.False(await next.Products.AnyAsync(p => p.Sku == "POOL-L"));
        next.Products.Add(new Product("POOL-N", "池测试下一个", 100, DateTime.UtcNow));
        await next.SaveChangesAsync();
        await using var check = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT group_concat(Sku) FROM Products";
        Assert.Equal("POOL-N", await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AReaderLeftUnfinished_DoesNotHoldTheNextOperationInAnOldSnapshot()
    {
        var services = await MigratedAsync();
        var factory = services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Products.AddRange(new Product("POOL-R1", "池测试读一", 100, DateTime.UtcNow), new Product("POOL-R2", "池测试读二", 100, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        SqliteConnection connection;
        await using (var db = await factory.CreateDbContextAsync())
        {
            connection = (SqliteConnection)db.Database.GetDbConnection();
            var rows = db.Products.AsNoTracking().AsAsyncEnumerable().GetAsyncEnumerator();
            Assert.True(await rows.MoveNextAsync()); // and never finished nor disposed
        }
        await using (var other = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var insert = other.CreateCommand();
            insert.CommandText = "UPDATE Products SET Name = '改过' WHERE Sku = 'POOL-R1'";
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        await using var next = await factory.CreateDbContextAsync();
        Assert.Same(connection, next.Database.GetDbConnection());
        Assert.Equal("改过", await next.Products.Where(p => p.Sku == "POOL-R1").Select(p => p.Name).SingleAsync());
    }

    [Fact]
    public void TheStatementCache_KeepsTheMostRecentTexts_AndForgetsThemWhenTheConnectionCloses()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var cache = StatementCache.Of(connection);

        var first = cache.Rent("SELECT 1");
        var second = cache.Rent("SELECT 1"); // the first is still out: a command of its own
        Assert.NotSame(first, second);
        Assert.Equal(1L, first.ExecuteScalar());
        cache.Return(first);
        cache.Return(second);
        Assert.Equal(1, cache.Count);
        Assert.Same(first, cache.Rent("SELECT 1"));
        cache.Return(first);

        for (var i = 0; i < StatementCache.Capacity + 6; i++)
        {
            var command = cache.Rent($"SELECT {i + 2}");
            Assert.Equal((long)i + 2, command.ExecuteScalar());
            cache.Return(command);
        }
        Assert.Equal(StatementCache.Capacity, cache.Count);
        Assert.NotSame(first, cache.Rent("SELECT 1")); // the oldest text was let go

        connection.Close();
        Assert.Equal(0, cache.Count);
    }

    private static IdempotentAction Action(string key) =>
        new("test", "/api/v1/products", key, "hash", DateTime.UtcNow, e => e is Product, e => $"/api/v1/products/{((Product)e).Sku}");
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;

namespace ReshipDashboard.Tests.Data;

/// <summary>A SQLite file is made by a migration (or EF's create), never by an operation that opens a missing path.</summary>
public sealed class SqliteDatabaseFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "reship-tests", $"file-{Guid.NewGuid():N}.db");

    public SqliteDatabaseFileTests() => Directory.CreateDirectory(Path.GetDirectoryName(_path)!);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    private ReshipDbContext Context() => new(new DbContextOptionsBuilder<ReshipDbContext>()
        .UseReshipDatabase(DatabaseProvider.Sqlite, $"Data Source={_path}").Options);

    [Fact]
    public async Task AnOperation_OnAMissingFile_IsOutOfReach_AndMakesNoFile()
    {
        await using var db = Context();

        var error = await Assert.ThrowsAsync<SqliteException>(() => db.Products.AnyAsync());

        Assert.Equal(DatabaseFault.Unavailable, DatabaseErrors.Classify(error));
        Assert.False(File.Exists(_path));
        Assert.False(await db.Database.CanConnectAsync());
    }

    [Fact]
    public async Task AMigration_MakesTheMissingFile_AndOperationsThenUseIt()
    {
        await using (var db = Context()) await db.Database.MigrateAsync();

        Assert.True(File.Exists(_path));
        await using var next = Context();
        Assert.False(await next.Products.AnyAsync());
    }

    [Fact]
    public void EnsureCreated_MakesTheMissingFile()
    {
        using var db = Context();

        Assert.True(db.Database.EnsureCreated());
        Assert.True(File.Exists(_path));
    }

    [Theory]
    [InlineData("Data Source=/tmp/x.db", "ReadWrite")]
    [InlineData("Data Source=/tmp/x.db;Mode=ReadWriteCreate", "ReadWrite")]
    [InlineData("Data Source=/tmp/x.db;Mode=ReadOnly", "ReadOnly")]
    [InlineData("Data Source=:memory:", "ReadWriteCreate")]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared", "Memory")]
    [InlineData("Data Source=", "ReadWriteCreate")]
    [InlineData("Data Source=file:/tmp/x.db?mode=rwc", "ReadWriteCreate")]
    public void TheAppsConnections_OpenAFileWithoutMakingIt_AndLeaveOtherModesAlone(string configured, string mode)
    {
        var opened = new SqliteConnectionStringBuilder(SqliteDatabaseFile.OpenExistingOnly(configured));

        Assert.Equal(Enum.Parse<SqliteOpenMode>(mode), opened.Mode);
        Assert.Equal(new SqliteConnectionStringBuilder(configured).DataSource, opened.DataSource);
    }
}

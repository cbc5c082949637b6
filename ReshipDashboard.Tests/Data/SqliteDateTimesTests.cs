using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Logging;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

/// <summary>Dates on SQLite are read digit by digit: the same values as Microsoft.Data.Sqlite's own reading.</summary>
public sealed class SqliteDateTimesTests
{
    // How the provider writes a date (Microsoft.Data.Sqlite's parameters and EF's literals).
    private static string Stored(DateTime value) => value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    [Fact]
    public void EveryStoredValue_ReadsAsDateTimeParseReadsIt()
    {
        var random = new Random(20261202);
        var values = new List<DateTime>
        {
            DateTime.MinValue, DateTime.MaxValue, new(2024, 2, 29, 23, 59, 59), new(2026, 12, 2, 0, 0, 0),
            new DateTime(2026, 12, 2, 1, 2, 3).AddTicks(1), new DateTime(2026, 12, 2, 1, 2, 3).AddTicks(1_000_000),
        };
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = (long)(random.NextDouble() * DateTime.MaxValue.Ticks);
            // A fraction of every length, from none to seven digits.
            values.Add(new DateTime(ticks - ticks % (long)Math.Pow(10, i % 8)));
        }

        foreach (var value in values)
        {
            var text = Stored(value);
            Assert.True(SqliteDateTimes.TryParse(text, out var read), text);
            Assert.Equal(value, read);
            Assert.Equal(DateTime.Parse(text, CultureInfo.InvariantCulture), read);
            Assert.Equal(DateTimeKind.Unspecified, read.Kind);
        }
    }

    [Theory]
    [InlineData("2026-12-02T01:02:03")]
    [InlineData("2026-12-02 01:02:03Z")]
    [InlineData("2026-12-02 01:02:03+08:00")]
    [InlineData("2026-12-02 01:02:03.")]
    [InlineData("2026-12-02 01:02:03.12345678")]
    [InlineData("2026-12-02 01:02")]
    [InlineData("2026-13-02 01:02:03")]
    [InlineData("2026-02-29 01:02:03")]
    [InlineData("2026-12-00 01:02:03")]
    [InlineData("2026-12-02 24:00:00")]
    [InlineData("2026-12-02 01:60:00")]
    [InlineData("2026-12-02 01:02:60")]
    [InlineData("0000-12-02 01:02:03")]
    [InlineData("2026-1a-02 01:02:03")]
    [InlineData("2026-12-02 01:02:03.1x")]
    [InlineData("")]
    public void OtherText_IsLeftToTheReader(string text) => Assert.False(SqliteDateTimes.TryParse(text, out _));

    [Fact]
    public async Task TheApp_ReadsItsDates_AndDatesWrittenInOtherForms_AsMicrosoftDataSqliteReadsThem()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        var paid = new DateTime(2026, 11, 20, 2, 3, 4, DateTimeKind.Utc).AddTicks(1234567);
        await using (var db = database.CreateDbContext())
        {
            var mapping = db.Model.FindEntityType(typeof(Order))!.FindProperty(nameof(Order.PaidAtUtc))!.GetRelationalTypeMapping();
            Assert.IsType<SqliteTextDateTimeTypeMapping>(mapping);
            Assert.Equal("TEXT", mapping.StoreType);
            db.Orders.AddRange(new[] { "1", "2", "3" }.Select(n => new Order($"261120-80000000000000{n}", new Buyer("测试", "13800001234"),
                new Address("测试", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 100 号"),
                [new OrderItem("SKU-1", "测试商品", 1, 1000)], paid, paid)));
            await db.SaveChangesAsync();
        }

        // Beside the provider's own text, two other forms Microsoft.Data.Sqlite reads, which the fallback still reads.
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE Orders SET PaidAtUtc = '2026-11-21T05:06:07' WHERE OrderNo LIKE '%2';
                UPDATE Orders SET PaidAtUtc = '2026-11-22 08:09' WHERE OrderNo LIKE '%3';
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using (var db = database.CreateDbContext())
        {
            var read = await db.Orders.AsNoTracking().OrderBy(o => o.OrderNo).Select(o => o.PaidAtUtc).ToListAsync();
            Assert.Equal([paid, new DateTime(2026, 11, 21, 5, 6, 7, DateTimeKind.Utc), new DateTime(2026, 11, 22, 8, 9, 0, DateTimeKind.Utc)], read);
            Assert.All(read, d => Assert.Equal(DateTimeKind.Utc, d.Kind));

            // Compared with a parameter: the text written for it is the stored text.
            Assert.Equal(1, await db.Orders.CountAsync(o => o.PaidAtUtc == paid));
        }
    }

    [Fact]
    public async Task ANumberOrANull_IsReadAsTheReaderReadsIt()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using var db = database.CreateDbContext();
        // A Julian day number (REAL), which Microsoft.Data.Sqlite reads as a date; read to about a millisecond.
        var julian = await db.Database.SqlQuery<DateTime>($"SELECT julianday('2026-11-23 10:11:12') AS \"Value\"").SingleAsync();
        Assert.InRange(julian, new DateTime(2026, 11, 23, 10, 11, 11, 999), new DateTime(2026, 11, 23, 10, 11, 12, 1));

        var optional = await db.Database.SqlQuery<DateTime?>(
            $"SELECT NULL AS \"Value\" UNION ALL SELECT '2026-11-23 10:11:12.5' ORDER BY 1").ToListAsync();
        Assert.Equal([null, new DateTime(2026, 11, 23, 10, 11, 12, 500, DateTimeKind.Utc)], optional);
    }

    [Fact]
    public async Task EveryDateColumn_IsReadBySqliteDateTimesRead()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        var plans = new List<string>();
        // The shaper as EF plans it, its inner lambdas left in place to be printed.
#pragma warning disable EF9100 // EF's own constant processor, which leaves the lambdas in the printed plan
        var options = new DbContextOptionsBuilder<ReshipDbContext>().UseReshipDatabase(DatabaseProvider.Sqlite, database.ConnectionString)
            .ReplaceService<ILiftableConstantProcessor, RelationalLiftableConstantProcessor>()
            .LogTo(plans.Add, [CoreEventId.QueryExecutionPlanned], LogLevel.Debug).Options;
#pragma warning restore EF9100
        await using var db = new ReshipDbContext(options);
        await db.Orders.AsNoTracking().Include(o => o.Shipments).ToListAsync();

        var plan = Assert.Single(plans);
        // Order: CreatedAtUtc, PaidAtUtc, UpdatedAtUtc; Shipment: CreatedAtUtc, StatusEventAtUtc (nullable), UpdatedAtUtc.
        Assert.True(plan.Split("SqliteDateTimes.Read(").Length - 1 >= 6, plan);
        Assert.DoesNotContain("GetDateTime(", plan);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;
using Xunit.Abstractions;

namespace ReshipDashboard.Tests.Benchmarks;

/// <summary>
/// Measures a 10,000-row tracking upload (parsing and validation included) against a raw prepared-statement
/// insert of the same rows, in the same run on the same database file. Writes both times and their ratio to
/// the test output and to benchmarks/upload.txt next to the test assembly; asserts only that every row applied.
/// </summary>
public sealed class TrackingUploadMeasurementTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rows = 10_000;
    private static readonly ShopSettings Unlimited = new() { MaxReissuesPerOrder = 100 };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateSqliteAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task TenThousandRowUpload_AppliesEveryRow_AndIsMeasuredAgainstARawInsert()
    {
        var reissueNumbers = await SeedReissuesAsync();
        var csv = new StringBuilder("补发单号,快递公司,物流单号\r\n");
        var trackingNumbers = reissueNumbers.Select((_, i) => "73" + (100_000_000_000L + i).ToString(CultureInfo.InvariantCulture)).ToList();
        for (var i = 0; i < Rows; i++) csv.Append(reissueNumbers[i]).Append(",中通快递,").Append(trackingNumbers[i]).Append("\r\n");
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());

        var settings = Options.Create(new ShopSettings());
        var service = new TrackingUploadService(_db, new ReissuePipeline(new ShopClock(_clock, settings.Value.ResolveTimeZone()), settings), TestActors.Owner());
        var upload = Stopwatch.StartNew();
        var report = await service.ApplyAsync(TrackingUploadParser.Parse(bytes));
        upload.Stop();

        var raw = Stopwatch.StartNew();
        await RawInsertAsync(reissueNumbers, trackingNumbers);
        raw.Stop();

        var ratio = upload.Elapsed.TotalMilliseconds / raw.Elapsed.TotalMilliseconds;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"tracking upload, {Rows} rows (parse + validate + apply in one transaction): {upload.Elapsed.TotalMilliseconds:F0} ms\n" +
            $"raw prepared-statement insert of the same {Rows} rows: {raw.Elapsed.TotalMilliseconds:F0} ms\n" +
            $"ratio upload/raw: {ratio:F1}\n");
        output.WriteLine(text);
        var folder = Path.Combine(AppContext.BaseDirectory, "benchmarks");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "upload.txt"), text);

        Assert.Equal(Rows, report.OkCount);
        Assert.Empty(report.Rejected);
        await using var db = _db.CreateDbContext();
        Assert.Equal(Rows, await db.Reissues.CountAsync(r => r.Status == ReissueStatus.Shipped));
    }

    private async Task<List<string>> SeedReissuesAsync()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var date = new DateOnly(2026, 11, 26);
        var numbers = new List<string>(Rows);
        await using var db = _db.CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var counter = 1;
        for (var o = 0; o < Rows / 10; o++)
        {
            var order = TestData.NewOrder(now.AddDays(-3), $"261123-{o + 1:D15}", TestData.CupAndSleeve);
            order.Ship(Courier.SF, "SF1" + (o + 1).ToString("D12", CultureInfo.InvariantCulture), now.AddDays(-2));
            for (var r = 0; r < 10; r++)
            {
                var number = ReissueNumber.Format(date, counter++);
                numbers.Add(number);
                TestData.ApprovedRequestReissue(order, number, now, Unlimited);
            }
            db.Orders.Add(order);
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        return numbers;
    }

    private async Task RawInsertAsync(IReadOnlyList<string> reissueNumbers, IReadOnlyList<string> trackingNumbers)
    {
        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE RawTracking (ReissueNo TEXT NOT NULL, Carrier TEXT NOT NULL, TrackingNo TEXT NOT NULL UNIQUE)";
            await create.ExecuteNonQueryAsync();
        }
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO RawTracking (ReissueNo, Carrier, TrackingNo) VALUES ($r, $c, $t)";
        var r = insert.Parameters.Add("$r", SqliteType.Text);
        var c = insert.Parameters.Add("$c", SqliteType.Text);
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        insert.Prepare();
        for (var i = 0; i < reissueNumbers.Count; i++)
        {
            r.Value = reissueNumbers[i];
            c.Value = "ZTO";
            t.Value = trackingNumbers[i];
            await insert.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}

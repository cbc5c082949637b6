using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Benchmarks;

/// <summary>A timed write: the app's time and, where there is one, the raw baseline's, with a note on what was done.</summary>
public sealed record TimedFigure(string Operation, double AppMs, double? RawMs, string Detail, string Target);

/// <summary>
/// The writes, timed with a stopwatch on the large shop (they change it, so BenchmarkDotNet's repetitions do not fit):
/// creating single reissues through the app's service, and a 10,000-row tracking upload — parsing, validation and
/// the apply — beside a raw write of every row the upload wrote, one prepared statement per row in one transaction,
/// on a copy of the file taken just before the upload (after an untimed warm-up upload of 1,000 rows).
/// </summary>
public static class WriteBenchmarks
{
    private static readonly ShopSettings Unlimited = new() { MaxReissuesPerOrder = 100 };

    public const int UploadRows = 10_000;

    private const int WarmUpRows = 1_000;

    /// <summary>
    /// Reissues are created untimed for this long first. The JIT runs a method's first, unoptimised code until it has
    /// been called 30 times and no new method has been compiled for a tenth of a second; EF compiles its accessors and
    /// comparers on first use, and a profile had the whole creation path still unoptimised after 500 creations.
    /// </summary>
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<TimedFigure>> RunAsync(ShopOperations shop, int creations)
    {
        var figures = new List<TimedFigure> { await CreateReissuesAsync(shop, creations) };
        figures.Add(await UploadAsync(shop));
        return figures;
    }

    private static async Task<TimedFigure> CreateReissuesAsync(ShopOperations shop, int count)
    {
        var candidates = new List<string>();
        await using (var connection = new SqliteConnection(LargeShop.ConnectionString(shop.DatabasePath)))
        {
            await connection.OpenAsync();
            await using var find = connection.CreateCommand();
            // Original parcels refused and returned that no reissue replaces yet: each order can take one reissue.
            find.CommandText = """
                SELECT o.OrderNo FROM Shipments s JOIN Orders o ON o.Id = s.OrderId
                WHERE s.Status = 'Returned' AND s.Kind = 'Original' AND o.Status <> 'Cancelled'
                  AND s.Id NOT IN (SELECT ReplacesShipmentId FROM Reissues WHERE ReplacesShipmentId IS NOT NULL)
                ORDER BY s.Id DESC LIMIT $n
                """;
            find.Parameters.AddWithValue("$n", count * 20);
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync()) candidates.Add(reader.GetString(0));
        }

        var times = new List<double>();
        var refused = 0;
        var warmedUp = 0;
        var warmUp = Stopwatch.StartNew();
        foreach (var orderNo in candidates)
        {
            if (times.Count == count) break;
            await using var scope = shop.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Actor = Actor.System;
            var service = scope.ServiceProvider.GetRequiredService<CreateReissueService>();
            var watch = Stopwatch.StartNew();
            try
            {
                await service.CreateAsync(new CreateReissueInput(orderNo, ReissueScenario.DamagedReturned));
                if (warmUp.Elapsed < WarmUpTime) warmedUp++;
                else times.Add(watch.Elapsed.TotalMilliseconds);
            }
            catch (DomainException)
            {
                refused++;
            }
        }
        var measured = times.Order().ToList();
        var detail = Invariant($"{times.Count} reissues on orders with a returned parcel, after {warmedUp} untimed ones in {WarmUpTime.TotalSeconds:N0} s ({refused} orders refused); median {Percentile(measured, 50):N1} ms, p95 {Percentile(measured, 95):N1} ms");
        Console.WriteLine("Create reissue: " + detail);
        return new TimedFigure("creating one reissue (validation, audit, feed, save), median", Percentile(measured, 50), null, detail, "≤ 5 ms");
    }

    private static async Task<byte[]> UploadFileAsync(ShopOperations shop, int rows)
    {
        var (reissueNumbers, runBase) = await AddAwaitingReissuesAsync(shop, rows);
        var csv = new StringBuilder("补发单号,快递公司,物流单号\r\n");
        for (var i = 0; i < reissueNumbers.Count; i++)
            csv.Append(reissueNumbers[i]).Append(",顺丰速运,SFC").Append((runBase + i).ToString("D12", CultureInfo.InvariantCulture)).Append("\r\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<UploadReport> ApplyAsync(ShopOperations shop, byte[] file)
    {
        await using var scope = shop.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Actor = Actor.System;
        return await scope.ServiceProvider.GetRequiredService<TrackingUploadService>().ApplyAsync(TrackingUploadParser.Parse(file));
    }

    private static async Task<TimedFigure> UploadAsync(ShopOperations shop)
    {
        // A smaller upload first, not timed: as BenchmarkDotNet warms each read up, so the timed upload runs on code
        // the runtime has already compiled and optimised, as it does on a server that has been up a while.
        var warmUp = await ApplyAsync(shop, await UploadFileAsync(shop, WarmUpRows));
        if (warmUp.OkCount != WarmUpRows) throw new InvalidOperationException($"The warm-up upload shipped {warmUp.OkCount} of {WarmUpRows} rows.");
        var bytes = await UploadFileAsync(shop, UploadRows);

        // The raw baseline's file: the large shop as it is just before the upload, and each table's last id then.
        var copy = shop.DatabasePath + ".upload-raw.db";
        Dictionary<string, long> lastIds;
        await using (var connection = new SqliteConnection(LargeShop.ConnectionString(shop.DatabasePath)))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = $"VACUUM INTO '{copy.Replace("'", "''", StringComparison.Ordinal)}'";
            File.Delete(copy);
            await checkpoint.ExecuteNonQueryAsync();
            lastIds = RowReplay.LastIds(connection);
        }
        LargeShop.FlushToDisk(copy);

        var watch = Stopwatch.StartNew();
        var report = await ApplyAsync(shop, bytes);
        var appMs = watch.Elapsed.TotalMilliseconds;

        RowReplay written;
        await using (var connection = new SqliteConnection(LargeShop.ConnectionString(shop.DatabasePath)))
        {
            await connection.OpenAsync();
            written = RowReplay.Read(connection, lastIds, "Reissues",
                report.Rows.Where(r => r.Verdict == UploadVerdict.Ok).Select(r => r.ReissueId!.Value).ToList());
        }
        double rawMs;
        await using (var connection = new SqliteConnection(LargeShop.ConnectionString(copy)))
        {
            await connection.OpenAsync();
            var raw = Stopwatch.StartNew();
            written.RunInOneTransaction(connection);
            rawMs = raw.Elapsed.TotalMilliseconds;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(copy + suffix);

        var detail = Invariant($"{report.OkCount:N0} rows shipped, {report.RejectedCount} refused, after an untimed warm-up upload of {WarmUpRows:N0} rows; the upload wrote {written.Count:N0} rows (raw: each written again by one prepared INSERT or UPDATE per row, one transaction)");
        Console.WriteLine(Invariant($"Upload: app {appMs:N0} ms, raw {rawMs:N0} ms; {detail}"));
        return new TimedFigure($"applying a {UploadRows:N0}-row tracking upload (parse, validate, apply)", appMs, rawMs, detail, "≤ 3× raw");
    }

    /// <summary>New shipped orders with 10 reissues each (<paramref name="rows"/> in all), every one waiting for a number typed by staff.</summary>
    private static async Task<(List<string> Numbers, long RunBase)> AddAwaitingReissuesAsync(ShopOperations shop, int rows)
    {
        var factory = shop.Services.GetRequiredService<IDbContextFactory<ReshipDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        // Numbered on a day long past: below every real number, so "today's latest number" never walks over them.
        var day = new DateOnly(2000, 1, 1);
        var prefix = ReissueNumber.Prefix(day);
        var already = await db.Reissues.CountAsync(r => r.ReissueNo.StartsWith(prefix));
        var now = DateTime.UtcNow;
        var numbers = new List<string>(rows);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var o = 0; o < rows / 10; o++)
        {
            var serial = already / 10 + o;
            var order = new Order($"991231-{900_000_000_000_000L + serial:D15}", new Buyer("压测", "13800001234"),
                new Address("压测", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 100 号"),
                [new OrderItem("BENCH-A", "压测商品", 1, 1000)], now.AddDays(-3), now.AddDays(-3));
            order.Ship(Courier.SF, $"SFB{serial:D12}", now.AddDays(-2));
            for (var r = 0; r < 10; r++)
            {
                var number = ReissueNumber.Format(day, already + numbers.Count + 1);
                numbers.Add(number);
                // Ten reissues per order, each through its approved reship request (the one way such a reissue exists).
                var request = new ReshipRequest(order, order.OpenAfterSale(AfterSaleType.Reship, "破损", null, now),
                    new ReshipContent(ReshipReason.Damaged, null, order.Address, [new LineItem("BENCH-A", "压测商品", 1)]), now, Unlimited);
                request.Approve(now, Actor.System, number, Unlimited);
            }
            db.Orders.Add(order);
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        return (numbers, already);
    }

    private static double Percentile(List<double> sorted, int p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

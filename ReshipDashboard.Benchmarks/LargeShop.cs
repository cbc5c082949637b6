using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Data.Seeding;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Benchmarks;

/// <summary>How long the large seed took, and a raw prepared-statement copy of the very same rows.</summary>
public sealed record SeedFigures(int Orders, long Rows, double SeedSeconds, double SeedCpuSeconds, double RawSeconds, double RawCpuSeconds, DateTime AtUtc);

/// <summary>
/// The large shop: seeded once with the app's own seeder into a file of its own and reused by later runs
/// (its seeding figures are kept beside it). The baseline copies every row it wrote into an empty database of
/// the same schema with one prepared INSERT per table, in the same size of transactions and PRAGMAs.
/// </summary>
public static class LargeShop
{
    public static string ConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString();

    public static async Task<SeedFigures> EnsureAsync(string path, int orders)
    {
        var figuresPath = path + ".seed.json";
        if (File.Exists(path) && File.Exists(figuresPath))
        {
            Console.WriteLine($"Reusing the large shop at {path}");
            return JsonSerializer.Deserialize<SeedFigures>(await File.ReadAllTextAsync(figuresPath))!;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        var factory = await MigratedAsync(path);
        var settings = new ShopSettings();
        var seeder = new DemoShopSeeder(factory, Options.Create(new SeedOptions { Orders = orders }), Options.Create(settings),
            new ShopClock(TimeProvider.System, settings.ResolveTimeZone()), NullLogger<DemoShopSeeder>.Instance);
        Console.WriteLine($"Seeding {orders:N0} orders into {path} …");
        var (seconds, cpu) = await MeasureAsync(() => seeder.SeedAsync(orders, new SeedOptions().RandomSeed));
        var rows = await CountRowsAsync(path);
        Console.WriteLine($"Seeded {rows:N0} rows in {seconds:N1} s; copying them with raw prepared inserts …");

        var copy = path + ".raw-copy.db";
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(copy + suffix);
        await CloneSchemaAsync(path, copy);
        var (rawSeconds, rawCpu) = await MeasureAsync(() => RawCopyAsync(path, copy));
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(copy + suffix);

        var figures = new SeedFigures(orders, rows, seconds, cpu, rawSeconds, rawCpu, DateTime.UtcNow);
        await File.WriteAllTextAsync(figuresPath, JsonSerializer.Serialize(figures));
        return figures;
    }

    /// <summary>Records figures of a seed already made (by the app with --Seed:Orders), then its raw copy.</summary>
    public static async Task<SeedFigures> AdoptAsync(string path, int orders, double seedSeconds, double seedCpuSeconds)
    {
        var rows = await CountRowsAsync(path);
        var copy = path + ".raw-copy.db";
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(copy + suffix);
        await CloneSchemaAsync(path, copy);
        var (rawSeconds, rawCpu) = await MeasureAsync(() => RawCopyAsync(path, copy));
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(copy + suffix);
        var figures = new SeedFigures(orders, rows, seedSeconds, seedCpuSeconds, rawSeconds, rawCpu, DateTime.UtcNow);
        await File.WriteAllTextAsync(path + ".seed.json", JsonSerializer.Serialize(figures));
        return figures;
    }

    private static async Task<(double Seconds, double CpuSeconds)> MeasureAsync(Func<Task> work)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await work();
        process.Refresh();
        return (watch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static async Task<IDbContextFactory<ReshipDbContext>> MigratedAsync(string path)
    {
        var options = new DbContextOptionsBuilder<ReshipDbContext>().UseReshipDatabase(DatabaseProvider.Sqlite, ConnectionString(path)).Options;
        IDbContextFactory<ReshipDbContext> factory = new VersionedFactory(options);
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.MigrateAsync(); // makes a missing file (in WAL mode): the app's connections never make one
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        return factory;
    }

    /// <summary>
    /// A copy of the large shop for the stages that change it (the writes, and the served app with its own background
    /// jobs), so that every run reads the shop as it was seeded. The copy sits beside the file; delete it with
    /// <see cref="DeleteScratch"/>.
    /// </summary>
    public static async Task<string> ScratchCopyAsync(string path)
    {
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection(ConnectionString(path)))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);"; // every committed page in the main file
            await checkpoint.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        var scratch = System.IO.Path.ChangeExtension(path, ".scratch.db");
        DeleteScratch(scratch);
        File.Copy(path, scratch);
        FlushToDisk(scratch);
        return scratch;
    }

    /// <summary>
    /// Writes a freshly made copy's pages to the disk before anything is timed on it: otherwise the kernel writes its
    /// gigabyte back while the next figures are taken, and every commit's sync waits behind it.
    /// </summary>
    public static void FlushToDisk(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    public static void DeleteScratch(string scratch)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { scratch, scratch + "-wal", scratch + "-shm" }) File.Delete(file);
    }

    /// <summary>An empty database with exactly the schema (tables and indexes) of <paramref name="from"/>.</summary>
    private static async Task CloneSchemaAsync(string from, string to)
    {
        var statements = new List<string>();
        await using (var source = new SqliteConnection(ConnectionString(from) + ";Mode=ReadOnly"))
        {
            await source.OpenAsync();
            await using var read = source.CreateCommand();
            read.CommandText = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'table' DESC, rowid";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) statements.Add(reader.GetString(0));
        }
        await using var target = new SqliteConnection(ConnectionString(to));
        await target.OpenAsync();
        foreach (var sql in statements.Prepend("PRAGMA journal_mode=WAL"))
        {
            await using var command = target.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The shop's tables, which the seeder fills.</summary>
    private static readonly string[] Tables =
        ["Products", "Buyers", "Orders", "OrderItems", "Shipments", "ShipmentEvents", "AfterSales", "ReshipRequests", "ReshipRevisions", "Reissues"];

    private static async Task<long> CountRowsAsync(string path)
    {
        await using var connection = new SqliteConnection(ConnectionString(path));
        await connection.OpenAsync();
        long total = 0;
        foreach (var table in Tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            total += (long)(await count.ExecuteScalarAsync())!;
        }
        return total;
    }

    /// <summary>Every row of the seeded tables, inserted again with a prepared statement, 50,000 rows a transaction.</summary>
    private static async Task RawCopyAsync(string from, string to)
    {
        await using var source = new SqliteConnection(ConnectionString(from) + ";Mode=ReadOnly");
        await source.OpenAsync();
        await using var target = new SqliteConnection(ConnectionString(to));
        await target.OpenAsync();
        await using (var pragma = target.CreateCommand())
        {
            pragma.CommandText = "PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA temp_store=MEMORY;";
            await pragma.ExecuteNonQueryAsync();
        }
        foreach (var table in Tables)
        {
            await using var read = source.CreateCommand();
            read.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await read.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            await using var insert = target.CreateCommand();
            insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
            var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"@p{i}", null))).ToArray();
            var transaction = target.BeginTransaction();
            insert.Transaction = transaction;
            insert.Prepare();
            var n = 0;
            var values = new object[columns.Count];
            while (reader.Read())
            {
                reader.GetValues(values);
                for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i];
                insert.ExecuteNonQuery();
                if (++n % 50_000 == 0)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = target.BeginTransaction();
                    insert.Transaction = transaction;
                }
            }
            transaction.Commit();
            transaction.Dispose();
        }
        await using var checkpoint = target.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync();
    }

    private sealed class VersionedFactory(DbContextOptions<ReshipDbContext> options) : IDbContextFactory<ReshipDbContext>
    {
        // The app's own options (UseReshipDatabase): its SQLite migrations and its version interceptor.
        public ReshipDbContext CreateDbContext() => new(options);
    }
}

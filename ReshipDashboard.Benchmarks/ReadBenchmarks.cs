using BenchmarkDotNet.Attributes;

namespace ReshipDashboard.Benchmarks;

/// <summary>
/// Each read of the large shop through the app's service (EF Core), beside its baseline: the same statements as
/// prepared raw Microsoft.Data.Sqlite commands on the same file, in the same run.
/// </summary>
public class ReadBenchmarks
{
    private RawReplay _raw = null!;

    [ParamsSource(nameof(Operations))]
    public string Operation { get; set; } = "";

    public static IEnumerable<string> Operations() =>
        ShopOperations.Names().Where(name => Only is null || name.Contains(Only, StringComparison.Ordinal));

    /// <summary>Only the reads whose names contain this (`--reads`), for a quick comparison; all of them without it.</summary>
    public static string? Only { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var shop = ShopOperations.Current;
        await shop.RunAsync(Operation); // warm: compiled query plans, caches of finished days
        _raw = await RawReplay.RecordAsync(LargeShop.ConnectionString(shop.DatabasePath), () => shop.RunAsync(Operation));
        // Untimed until the JIT has settled, before BenchmarkDotNet's own warm-up, whose few iterations it does not wait for.
        var (warmedFor, compiled, settled) = await JitSettling.WarmUpAsync(async () =>
        {
            await shop.RunAsync(Operation);
            _raw.Run();
        });
        Console.WriteLine($"// {Operation}: warmed up for {warmedFor.TotalSeconds:N1} s, {compiled} methods compiled{(settled ? "" : ", the JIT not yet settled")}");
    }

    [GlobalCleanup]
    public void Cleanup() => _raw.Dispose();

    [Benchmark(Baseline = true, Description = "raw SQLite")]
    public int Raw() => _raw.Run();

    [Benchmark(Description = "app (EF Core)")]
    public Task App() => ShopOperations.Current.RunAsync(Operation);
}

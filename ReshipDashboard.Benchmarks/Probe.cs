using System.Diagnostics;

namespace ReshipDashboard.Benchmarks;

/// <summary>
/// A quick look at a few reads without BenchmarkDotNet (--probe &lt;part of a name&gt;): each matching read and its raw
/// replay run a few times, with their statements, their median times, and their means run back to back (with what the
/// read allocates) printed.
/// </summary>
public static class Probe
{
    public static async Task RunAsync(string part, int times)
    {
        var shop = ShopOperations.Current;
        foreach (var name in ShopOperations.Names().Concat(ShopOperations.ReportNames()).Where(n => n.Contains(part, StringComparison.Ordinal)))
        {
            await shop.RunAsync(name);
            using var raw = await RawReplay.RecordAsync(LargeShop.ConnectionString(shop.DatabasePath), () => shop.RunAsync(name));
            Console.WriteLine($"== {name}: {raw.Statements.Count} statements");
            foreach (var sql in raw.Statements) Console.WriteLine(sql + ";\n");
            var app = new List<double>();
            var baseline = new List<double>();
            // Warmed up first, so the JIT's optimised code is measured rather than its first tier.
            var (warmedFor, compiled, settled) = await JitSettling.WarmUpAsync(async () =>
            {
                await shop.RunAsync(name);
                raw.Run();
            });
            Console.WriteLine($"== {name}: warmed up for {warmedFor.TotalSeconds:N1} s, {compiled} methods compiled{(settled ? "" : ", the JIT not yet settled")}");
            // Back to back, as BenchmarkDotNet runs a read: the mean counts the collections its allocations cause.
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var collections = GC.CollectionCount(0);
            var total = Stopwatch.StartNew();
            for (var i = 0; i < times; i++)
                await shop.RunAsync(name);
            var appMean = total.Elapsed.TotalMilliseconds / times;
            var appBytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / times;
            var appCollections = GC.CollectionCount(0) - collections;
            var jittedMeanwhile = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted;
            total.Restart();
            for (var i = 0; i < times; i++)
                raw.Run();
            var rawMean = total.Elapsed.TotalMilliseconds / times;
            for (var i = 0; i < times; i++)
            {
                var watch = Stopwatch.StartNew();
                await shop.RunAsync(name);
                app.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                raw.Run();
                baseline.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"== {name}: app median {Median(app):N3} ms, raw median {Median(baseline):N3} ms");
            Console.WriteLine($"== {name}: run back to back, app mean {appMean:N3} ms ({appBytes:N0} bytes allocated a call, {appCollections} gen0 collections, {jittedMeanwhile} methods compiled meanwhile), raw mean {rawMean:N3} ms");
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

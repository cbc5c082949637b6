using System.Diagnostics;

namespace ReshipDashboard.Benchmarks;

/// <summary>A read's ratio to its raw replay from pairs of blocks timed back to back: the median pair, the middle half, and the median times per call.</summary>
public sealed record PairedRatio(double Median, double Low, double High, double AppMs, double RawMs);

/// <summary>
/// Each read's ratio to its raw replay, measured in pairs: a block of the app's calls and a block of the replay's, one
/// right after the other, <see cref="Pairs"/> times (which goes first alternates). BenchmarkDotNet times the app and the
/// replay one after the other, each for about a second; on a shared machine whose speed moves by tens of percent within
/// seconds, a ratio of two such means moves with it. Two blocks a few milliseconds apart see the same machine; the
/// median of the pairs' ratios is the ratio. <see cref="PairedRatio.AppMs"/> and <see cref="PairedRatio.RawMs"/> are
/// the medians of each side's blocks, taken separately.
/// </summary>
public static class PairedRatios
{
    public const int Pairs = 21;

    /// <summary>How long each block runs (the number of calls is set once per read to fill it).</summary>
    private static readonly TimeSpan Block = TimeSpan.FromMilliseconds(25);

    /// <summary>Measures each read into <paramref name="ratios"/> as it goes: a read that fails leaves those before it.</summary>
    public static async Task RunAsync(ShopOperations shop, IEnumerable<string> names, Dictionary<string, PairedRatio> ratios)
    {
        foreach (var name in names)
        {
            await shop.RunAsync(name);
            using var raw = await RawReplay.RecordAsync(LargeShop.ConnectionString(shop.DatabasePath), () => shop.RunAsync(name));
            await JitSettling.WarmUpAsync(async () =>
            {
                await shop.RunAsync(name);
                raw.Run();
            });
            var appCalls = await CallsInBlockAsync(() => shop.RunAsync(name));
            var rawCalls = await CallsInBlockAsync(() =>
            {
                raw.Run();
                return Task.CompletedTask;
            });
            var pairs = new List<(double App, double Raw)>();
            for (var i = 0; i < Pairs; i++)
            {
                double app, baseline;
                if (i % 2 == 0)
                {
                    app = await PerCallAsync(() => shop.RunAsync(name), appCalls);
                    baseline = PerCall(() => raw.Run(), rawCalls);
                }
                else
                {
                    baseline = PerCall(() => raw.Run(), rawCalls);
                    app = await PerCallAsync(() => shop.RunAsync(name), appCalls);
                }
                pairs.Add((app, baseline));
            }
            var sorted = pairs.Select(p => p.App / p.Raw).Order().ToList();
            ratios[name] = new PairedRatio(sorted[Pairs / 2], sorted[Pairs / 4], sorted[Pairs * 3 / 4],
                pairs.Select(p => p.App).Order().ElementAt(Pairs / 2), pairs.Select(p => p.Raw).Order().ElementAt(Pairs / 2));
            Console.WriteLine(FormattableString.Invariant(
                $"// {name}: paired ratio {ratios[name].Median:N2}× (middle half {ratios[name].Low:N2}–{ratios[name].High:N2}×); median blocks: app {ratios[name].AppMs:N3} ms, raw {ratios[name].RawMs:N3} ms a call"));
        }
    }

    private static async Task<int> CallsInBlockAsync(Func<Task> call)
    {
        var watch = Stopwatch.StartNew();
        var calls = 0;
        while (watch.Elapsed < Block)
        {
            await call();
            calls++;
        }
        return calls;
    }

    /// <summary>Milliseconds per call over <paramref name="calls"/> calls.</summary>
    private static async Task<double> PerCallAsync(Func<Task> call, int calls)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++) await call();
        return watch.Elapsed.TotalMilliseconds / calls;
    }

    private static double PerCall(Action call, int calls)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++) call();
        return watch.Elapsed.TotalMilliseconds / calls;
    }
}

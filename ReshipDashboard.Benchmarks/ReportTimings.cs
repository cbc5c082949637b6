using System.Diagnostics;
using System.Globalization;

namespace ReshipDashboard.Benchmarks;

/// <summary>
/// The two reports over the large shop, each run through the app's service and as its raw replay (the statements EF
/// sent, prepared, every value read): one warm-up, then the median of a few timed runs of each.
/// </summary>
public static class ReportTimings
{
    public const int Runs = 3;

    public static async Task<IReadOnlyList<TimedFigure>> RunAsync(ShopOperations shop)
    {
        var figures = new List<TimedFigure>();
        foreach (var name in ShopOperations.ReportNames())
        {
            await shop.RunAsync(name);
            using var raw = await RawReplay.RecordAsync(LargeShop.ConnectionString(shop.DatabasePath), () => shop.RunAsync(name));
            var app = new List<double>();
            var baseline = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await shop.RunAsync(name);
                app.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                raw.Run();
                baseline.Add(watch.Elapsed.TotalMilliseconds);
            }
            var figure = new TimedFigure(name, Median(app), Median(baseline),
                string.Create(CultureInfo.InvariantCulture, $"median of {Runs} runs after a warm-up; {raw.Statements.Count} statements; app runs {string.Join(" / ", app.Select(a => a.ToString("N0", CultureInfo.InvariantCulture)))} ms"),
                "≤ 200 ms");
            Console.WriteLine($"{name}: app {figure.AppMs:N0} ms, raw {figure.RawMs:N0} ms ({figure.Detail})");
            figures.Add(figure);
        }
        return figures;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

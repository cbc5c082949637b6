using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Reports;

namespace ReshipDashboard.Benchmarks;

/// <summary>The checked-in table: machine, load, date, each figure beside its raw baseline, their ratio and the target.</summary>
public sealed class Results(SeedFigures seed)
{
    public Summary? Reads { get; set; }

    /// <summary>Each read's ratio from pairs of blocks timed back to back (<see cref="PairedRatios"/>), by name.</summary>
    public Dictionary<string, PairedRatio> Paired { get; } = [];
    public IReadOnlyList<TimedFigure> Reports { get; set; } = [];
    public IReadOnlyList<TimedFigure> Writes { get; set; } = [];
    public List<(string Stage, string Error)> Failures { get; } = [];
    public IReadOnlyList<HttpFigure> Http { get; set; } = [];

    /// <summary>The requests past their deadlines that the deadline job acted on before the server was started, and how long it took.</summary>
    public (int Requests, double Seconds)? Backlog { get; set; }
    /// <summary>The circuits' memory on a server whose page was first loaded until the JIT settled.</summary>
    public CircuitMemoryFigures? Memory { get; set; }

    /// <summary>The same on a server as started: the first loads' JIT compiling counts in the growth.</summary>
    public CircuitMemoryFigures? ColdMemory { get; set; }
    public List<(string When, double? Load)> Load { get; } = [];

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        md.AppendLine("# Benchmark results: the large shop");
        md.AppendLine();
        md.AppendLine(Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}."));
        if (Load.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("The machine was shared with other work while measuring; the 1-minute load average (on "
                + Invariant($"{Environment.ProcessorCount} cores) was ") + string.Join(", ", Load.Select(l => Invariant($"{l.Load:N1} at {l.When}"))) + "."
                + " Absolute times are therefore higher and noisier than on a quiet machine; the ratios against the raw baseline, taken"
                + " in the same run on the same file, are the steadier figures to compare.");
        }
        md.AppendLine();
        md.AppendLine("Regenerate with `dotnet run -c Release --project ReshipDashboard.Benchmarks` (see README).");
        md.AppendLine();
        md.AppendLine("## Seeding");
        md.AppendLine();
        md.AppendLine("| what | rows | app seeder | raw prepared insert of the same rows | ratio | target |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        md.AppendLine(Invariant($"| {seed.Orders:N0} orders, wall clock | {seed.Rows:N0} | {seed.SeedSeconds:N0} s | {seed.RawSeconds:N0} s | {seed.SeedSeconds / seed.RawSeconds:N2}× | ≤ 3× |"));
        if (seed.SeedCpuSeconds > 0)
            md.AppendLine(Invariant($"| {seed.Orders:N0} orders, CPU time | {seed.Rows:N0} | {seed.SeedCpuSeconds:N0} s | {seed.RawCpuSeconds:N0} s | {seed.SeedCpuSeconds / seed.RawCpuSeconds:N2}× | ≤ 3× |"));
        md.AppendLine();

        if (Reads is { } summary)
        {
            md.AppendLine("## Reads (BenchmarkDotNet, in process, mean per operation)");
            md.AppendLine();
            md.AppendLine("Each read goes through the app's own service (EF Core, a new context per operation, as a page does); the baseline runs");
            md.AppendLine("the very statements EF sent for it as prepared Microsoft.Data.Sqlite commands on the same file, reading every value.");
            md.AppendLine("BenchmarkDotNet times the app and the baseline one after the other, each for about a second; the paired ratio is the");
            md.AppendLine(Invariant($"median of {PairedRatios.Pairs} pairs of blocks (25 ms of the app's calls, 25 ms of the baseline's) timed back to back, with the middle"));
            md.AppendLine("half of the pairs beside it. The ratio targets are checked against the paired ratio when there is one, the time targets");
            md.AppendLine("against BenchmarkDotNet's mean.");
            md.AppendLine();
            md.AppendLine("| operation | app (EF Core) | raw SQLite, same statements | ratio of the means | paired ratio (middle half) | target | met |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | --- | :---: |");
            var order = ShopOperations.Names().Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
            foreach (var group in summary.Reports.GroupBy(r => r.BenchmarkCase.Parameters["Operation"]?.ToString() ?? "")
                         .OrderBy(g => order.GetValueOrDefault(g.Key, int.MaxValue)))
            {
                var app = group.FirstOrDefault(r => !r.BenchmarkCase.Descriptor.Baseline)?.ResultStatistics?.Mean;
                var raw = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline)?.ResultStatistics?.Mean;
                var paired = Paired.GetValueOrDefault(group.Key);
                var (target, met) = Target(group.Key, app / 1e6, paired?.Median ?? app / raw);
                md.AppendLine(Invariant($"| {group.Key} | {Ms(app)} | {Ms(raw)} | {(app is { } a && raw is { } b && b > 0 ? $"{a / b:N2}×" : "–")} | {(paired is { } p ? $"{p.Median:N2}× ({p.Low:N2}–{p.High:N2}×)" : "–")} | {target} | {met} |"));
            }
            md.AppendLine();
        }

        Timed("## Reports (stopwatch, server side: the report service's whole build, beside the raw replay of its statements)", Reports);
        Timed("## Writes (stopwatch, on the large shop)", Writes);
        void Timed(string heading, IReadOnlyList<TimedFigure> figures)
        {
            if (figures.Count == 0) return;
            md.AppendLine(heading);
            md.AppendLine();
            md.AppendLine("| operation | app | raw baseline | ratio | target | met | details |");
            md.AppendLine("| --- | ---: | ---: | ---: | --- | :---: | --- |");
            foreach (var w in figures)
            {
                var ratio = w.RawMs is { } q && q > 0 ? w.AppMs / q : (double?)null;
                var met = w.Target.Contains('×', StringComparison.Ordinal) ? ratio <= 3 : w.AppMs <= (w.Target.Contains("200", StringComparison.Ordinal) ? 200 : 5);
                md.AppendLine(Invariant($"| {w.Operation} | {w.AppMs:N1} ms | {(w.RawMs is { } r ? $"{r:N1} ms" : "–")} | {(ratio is { } x ? $"{x:N2}×" : "–")} | {w.Target} | {(met == true ? "yes" : "no")} | {w.Detail} |"));
            }
            md.AppendLine();
        }

        foreach (var (stage, error) in Failures)
        {
            md.AppendLine(Invariant($"**Not measured in this run: {stage}** — {error.Replace("|", "/", StringComparison.Ordinal)}"));
            md.AppendLine();
        }

        if (Backlog is { } backlog)
        {
            md.AppendLine("## The served app");
            md.AppendLine();
            md.AppendLine(Invariant($"Before the server started, the app's deadline job acted on the {backlog.Requests:N0} requests of the seeded shop whose deadlines had passed since it was seeded ({backlog.Seconds:N1} s), as a server that has been running would have done when each fell due. The HTTP and the memory stage each run on a server of their own."));
            md.AppendLine();
        }

        if (Http.Count > 0)
        {
            md.AppendLine(Invariant($"## HTTP, {HttpLoad.Concurrency} concurrent clients on 127.0.0.1 (for {HttpLoad.TimeLimit.TotalSeconds:N0} s each, at most {HttpLoad.PerEndpoint:N0} requests; target p95 ≤ 30 ms)"));
            md.AppendLine();
            md.AppendLine(Invariant($"Each endpoint is measured on a warmed server: called at the same load, unmeasured, for {HttpLoad.WarmupTime.TotalSeconds:N0} s and then until the runtime's background recompiling of its hot code had used no more than 20 ms of CPU in each of three 2-second rounds in a row (at most about {HttpLoad.WarmupLimit.TotalSeconds:N0} s in all; the warm-up column says how long it took)."));
            md.AppendLine();
            md.AppendLine("| endpoint | warm-up | requests | failures | answers per second | server CPU per request | p50 | p95 | max | met |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
            foreach (var h in Http)
                md.AppendLine(Invariant($"| `GET {h.Path}` | {h.WarmupSeconds:N0} s{(h.Settled ? "" : " (not settled)")} | {h.Requests} | {h.Failures} | {h.PerSecond:N0} | {h.ServerCpuMs:N2} ms | {h.P50Ms:N1} ms | {h.P95Ms:N1} ms | {h.MaxMs:N1} ms | {(h.P95Ms <= 30 && h.Failures == 0 ? "yes" : "no")} |"));
            md.AppendLine();
        }

        if (Memory is not null || ColdMemory is not null)
        {
            md.AppendLine("## Memory: the server with open reship-queue circuits (target ≤ 1 MB per idle circuit)");
            md.AppendLine();
            md.AppendLine(Invariant($"Each on a server of its own. Warmed: the page was first loaded {CircuitMemory.WarmUpLoads} times, one circuit at a time, until the JIT had settled. As started: the first loads' JIT compiling counts in the growth."));
            md.AppendLine();
            md.AppendLine("| server | read | signed in, no page open | 1 circuit | 50 circuits | growth per circuit | met |");
            md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | :---: |");
            foreach (var (server, figures) in new[] { ("warmed", Memory), ("as started", ColdMemory) })
            {
                if (figures is null) continue;
                foreach (var (read, m) in new[] { ("as found, 3 s after the last page", figures.AsFound), ("after a full collection in the server", figures.Collected),
                    ("managed heap left by that collection", figures.LiveHeap) })
                    md.AppendLine(Invariant($"| {server} | {read} | {m.Idle / 1e6:N1} MB | {m.OneCircuit / 1e6:N1} MB | {m.FiftyCircuits / 1e6:N1} MB | {m.PerCircuit / 1e6:N2} MB | {(m.PerCircuit <= 1e6 ? "yes" : "no")} |"));
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    /// <summary>The issue's target for a read by its kind, and whether the figure meets it.</summary>
    private static (string Target, string Met) Target(string operation, double? appMs, double? ratio)
    {
        static string Yes(bool ok) => ok ? "yes" : "no";
        if (appMs is not { } ms || ratio is not { } r) return ("", "–");
        if (operation.StartsWith("lookup", StringComparison.Ordinal)) return ("≤ 5 ms, ≤ 2× raw", Yes(ms <= 5 && r <= 2));
        if (operation.StartsWith("count", StringComparison.Ordinal)) return ("≤ 5 ms", Yes(ms <= 5));
        if (operation.StartsWith("报表", StringComparison.Ordinal)) return ("≤ 200 ms", Yes(ms <= 200));
        return ("≤ 10 ms, ≤ 3× raw", Yes(ms <= 10 && r <= 3));
    }

    private static string Ms(double? nanoseconds) => nanoseconds is { } ns ? Invariant($"{ns / 1e6:N3} ms") : "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

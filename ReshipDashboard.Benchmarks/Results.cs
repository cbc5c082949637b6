using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Reports;

namespace ReshipDashboard.Benchmarks;

/// <summary>The checked-in table: machine, date, each figure beside its raw baseline and their ratio.</summary>
public sealed class Results(SeedFigures seed)
{
    public Summary? Reads { get; set; }
    public IReadOnlyList<HttpFigure> Http { get; set; } = [];
    public MemoryFigure? Memory { get; set; }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        md.AppendLine("# Benchmark results: the large shop");
        md.AppendLine();
        md.AppendLine(Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}.")
            + " The machine was shared with other builds (load average 25–35 on 2 cores), so absolute times are high and noisy;"
            + " the ratios against the raw baseline, taken in the same run, are the figures to compare.");
        md.AppendLine();
        md.AppendLine("Regenerate with `dotnet run -c Release --project ReshipDashboard.Benchmarks` (see README).");
        md.AppendLine();
        md.AppendLine("## Seeding");
        md.AppendLine();
        md.AppendLine("| what | rows | app seeder | raw prepared insert of the same rows | ratio |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        md.AppendLine(Invariant($"| {seed.Orders:N0} orders, wall clock | {seed.Rows:N0} | {seed.SeedSeconds:N0} s | {seed.RawSeconds:N0} s | {seed.SeedSeconds / seed.RawSeconds:N2}× |"));
        if (seed.SeedCpuSeconds > 0)
            md.AppendLine(Invariant($"| {seed.Orders:N0} orders, CPU time | {seed.Rows:N0} | {seed.SeedCpuSeconds:N0} s | {seed.RawCpuSeconds:N0} s | {seed.SeedCpuSeconds / seed.RawCpuSeconds:N2}× |"));
        md.AppendLine();

        if (Reads is { } summary)
        {
            md.AppendLine("## Reads (BenchmarkDotNet, in process, mean per operation)");
            md.AppendLine();
            md.AppendLine("| operation | app (EF Core) | raw SQLite, same statements | ratio |");
            md.AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var group in summary.Reports.GroupBy(r => r.BenchmarkCase.Parameters["Operation"]?.ToString() ?? ""))
            {
                var app = group.FirstOrDefault(r => !r.BenchmarkCase.Descriptor.Baseline)?.ResultStatistics?.Mean;
                var raw = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline)?.ResultStatistics?.Mean;
                md.AppendLine(Invariant($"| {group.Key} | {Ms(app)} | {Ms(raw)} | {(app is { } a && raw is { } b && b > 0 ? $"{a / b:N2}×" : "–")} |"));
            }
            md.AppendLine();
        }

        if (Http.Count > 0)
        {
            md.AppendLine(Invariant($"## HTTP, {HttpLoad.Concurrency} concurrent clients on 127.0.0.1 (up to {HttpLoad.PerEndpoint} requests or {HttpLoad.TimeLimit.TotalSeconds:N0} s each)"));
            md.AppendLine();
            md.AppendLine("| endpoint | requests | failures | p50 | p95 | max |");
            md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var h in Http)
                md.AppendLine(Invariant($"| `GET {h.Path}` | {h.Requests} | {h.Failures} | {h.P50Ms:N1} ms | {h.P95Ms:N1} ms | {h.MaxMs:N1} ms |"));
            md.AppendLine();
        }

        if (Memory is { } m)
        {
            md.AppendLine("## Memory: server working set (VmRSS) with open reship-queue circuits");
            md.AppendLine();
            md.AppendLine("| signed in, no page open | 1 circuit | 50 circuits | growth per circuit |");
            md.AppendLine("| ---: | ---: | ---: | ---: |");
            md.AppendLine(Invariant($"| {m.Idle / 1e6:N1} MB | {m.OneCircuit / 1e6:N1} MB | {m.FiftyCircuits / 1e6:N1} MB | {m.PerCircuit / 1e6:N2} MB |"));
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Ms(double? nanoseconds) => nanoseconds is { } ns ? Invariant($"{ns / 1e6:N3} ms") : "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

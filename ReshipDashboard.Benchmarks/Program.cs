using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using Perfolizer.Horology;
using ReshipDashboard.Features.AfterSales.ReshipRequests;

namespace ReshipDashboard.Benchmarks;

// dotnet run -c Release --project ReshipDashboard.Benchmarks -- [--orders 1000000] [--db /tmp/reship-bench/large.db]
//   [--skip reads,reports,writes,backlog,http,memory] [--adopt-seed <seconds> <cpu seconds>] [--probe <part of a read's name> [--times <runs, 200>]] [--out <results file>]
//   [--reads <part of a read's name>] [--set <app setting>=<value>, e.g. --set Database:SqliteSynchronous=Normal]
internal static class Runner
{
    public static async Task Main(string[] args)
    {
        var options = RunOptions.Parse(args);
        var repository = RunOptions.FindRepository();
        ShopOperations.Path = options.Database;
        foreach (var (key, value) in options.Settings) ShopOperations.Settings[key] = value;
        ReadBenchmarks.Only = options.Reads;
        if (options.Reads is not null && options.Output is null)
        {
            // A few reads make a partial table: never written over the checked-in results.
            Console.Error.WriteLine("--reads needs --out <results file>.");
            Environment.ExitCode = 2;
            return;
        }
        if (options.Probe is { } probe)
        {
            await Probe.RunAsync(probe, options.Times);
            ShopOperations.Current.Dispose();
            return;
        }

        var seed = options.AdoptSeed is { } adopted
            ? await LargeShop.AdoptAsync(options.Database, options.Orders, adopted.Seconds, adopted.Cpu)
            : await LargeShop.EnsureAsync(options.Database, options.Orders);
        Console.WriteLine($"Seed: {seed.Rows:N0} rows in {seed.SeedSeconds:N0} s (raw copy {seed.RawSeconds:N0} s)");

        var results = new Results(seed);
        var path = options.Output ?? Path.Combine(repository, "docs", "benchmarks", "results.md");
        // Written after every stage, so a stage that fails later leaves the figures taken before it.
        // The hand-written reading of the figures below the marker line is kept when the tables are regenerated.
        const string notesMarker = "<!-- notes: kept when the tables above are regenerated -->";
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var notes = existing.Contains(notesMarker, StringComparison.Ordinal) ? existing[existing.IndexOf(notesMarker, StringComparison.Ordinal)..] : notesMarker + "\n";
        async Task SaveAsync() => await File.WriteAllTextAsync(path, results.ToMarkdown() + notes);
        async Task StageAsync(string stage, Func<Task> run)
        {
            if (options.Skip.Contains(stage)) return;
            results.Load.Add(($"{stage}, start", LoadAverage.Now()));
            try
            {
                await run();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"{stage} failed: {e}");
                results.Failures.Add((stage, e.GetType().Name + ": " + e.Message.Split('\n')[0]));
            }
            results.Load.Add(($"{stage}, end", LoadAverage.Now()));
            await SaveAsync();
        }

        await SaveAsync(); // the seed's figures, even when every stage is skipped
        await StageAsync("reads", async () =>
        {
            // Composed (and the file migrated: new indexes on a 1 GB file take minutes) before BenchmarkDotNet's
            // per-case time limit starts counting.
            _ = ShopOperations.Current;
            var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithGcServer(System.Runtime.GCSettings.IsServerGC)
                .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7)
                .WithIterationTime(TimeInterval.FromMilliseconds(120));
            var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job)
                .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary)
                .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "reship-bench", "artifacts"));
            results.Reads = BenchmarkRunner.Run<ReadBenchmarks>(config);
            await SaveAsync();
            // The ratios again, each from pairs of the app's and the replay's calls timed back to back.
            await PairedRatios.RunAsync(ShopOperations.Current, ReadBenchmarks.Operations(), results.Paired);
        });
        await StageAsync("reports", async () => results.Reports = await ReportTimings.RunAsync(ShopOperations.Current));
        ShopOperations.Close();

        // What changes the shop works on a copy of it: the writes, and the served app, whose background jobs
        // (e-waybills, deadlines) write too. Every run then measures the shop as it was seeded.
        if (new[] { "writes", "http", "memory" }.Any(s => !options.Skip.Contains(s)))
        {
            var scratch = await LargeShop.ScratchCopyAsync(options.Database);
            try
            {
                ShopOperations.Path = scratch;
                await StageAsync("writes", async () => results.Writes = await WriteBenchmarks.RunAsync(ShopOperations.Current, 400));
                ShopOperations.Close();
                if (!options.Skip.Contains("http") || !options.Skip.Contains("memory"))
                {
                    // The seeded shop holds requests whose deadlines passed while it waited (shipped requests never
                    // confirmed, mostly). A server that has been up acts on each as it falls due; one started on the
                    // copy would spend the measured minutes on thousands at once. The app's own deadline job works
                    // them off first, and the time it took is reported.
                    await StageAsync("backlog", async () =>
                    {
                        var deadlines = ShopOperations.Current.Services.GetRequiredService<ReshipDeadlineService>();
                        var watch = System.Diagnostics.Stopwatch.StartNew();
                        var acted = await deadlines.RunDueAsync();
                        results.Backlog = (acted, watch.Elapsed.TotalSeconds);
                        Console.WriteLine($"Deadline backlog: {acted:N0} requests in {watch.Elapsed.TotalSeconds:N1} s");
                    });
                    ShopOperations.Close();
                    // Each stage on a server of its own: the circuits' memory is read on a server that the HTTP
                    // load has not just grown (its collector's budgets and the connections' page caches).
                    if (!options.Skip.Contains("http"))
                        await using (var app = await ServedApp.StartAsync(repository, scratch, options.Settings))
                            await StageAsync("http", async () => results.Http = await HttpLoad.RunAsync(app, scratch));
                    if (!options.Skip.Contains("memory"))
                    {
                        // Twice, each on a fresh server: as started, and after the page was loaded until the JIT settled.
                        await using (var app = await ServedApp.StartAsync(repository, scratch, options.Settings))
                            await StageAsync("memory", async () => results.ColdMemory = await CircuitMemory.RunAsync(app, warmUp: false));
                        await using (var app = await ServedApp.StartAsync(repository, scratch, options.Settings))
                            await StageAsync("memory, warmed", async () => results.Memory = await CircuitMemory.RunAsync(app, warmUp: true));
                    }
                }
            }
            finally
            {
                ShopOperations.Close();
                LargeShop.DeleteScratch(scratch);
            }
        }
        Console.WriteLine($"Results written to {path}");
    }
}

internal sealed record RunOptions(int Orders, string Database, HashSet<string> Skip, (double Seconds, double Cpu)? AdoptSeed, string? Probe, string? Output,
    Dictionary<string, string> Settings, int Times, string? Reads)
{
    public static RunOptions Parse(string[] args)
    {
        var orders = 1_000_000;
        var database = Path.Combine(Path.GetTempPath(), "reship-bench", "large.db");
        var skip = new HashSet<string>();
        (double, double)? adopt = null;
        string? probe = null;
        var times = 200;
        string? output = null;
        string? reads = null;
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--orders": orders = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--db": database = Path.GetFullPath(args[++i]); break;
                case "--skip": skip.UnionWith(args[++i].Split(',')); break;
                case "--probe": probe = args[++i]; break;
                case "--times": times = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--reads": reads = args[++i]; break;
                case "--out": output = Path.GetFullPath(args[++i]); break;
                case "--set":
                    var pair = args[++i].Split('=', 2);
                    settings[pair[0]] = pair[1];
                    break;
                case "--adopt-seed":
                    adopt = (double.Parse(args[++i], CultureInfo.InvariantCulture), double.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
            }
        }
        return new RunOptions(orders, database, skip, adopt, probe, output, settings, times, reads);
    }

    public static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReshipDashboard.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}

internal static class LoadAverage
{
    /// <summary>The 1-minute load average (/proc/loadavg), to read the figures against; null off Linux.</summary>
    public static double? Now() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load : null;
}

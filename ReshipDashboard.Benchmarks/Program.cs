using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace ReshipDashboard.Benchmarks;

// dotnet run -c Release --project ReshipDashboard.Benchmarks -- [--orders 1000000] [--db /tmp/reship-bench/large.db]
//   [--skip reads,http,memory] [--adopt-seed <seconds> <cpu seconds>]
internal static class Runner
{
    public static async Task Main(string[] args)
    {
        var options = RunOptions.Parse(args);
        var repository = RunOptions.FindRepository();
        ShopOperations.Path = options.Database;

        var seed = options.AdoptSeed is { } adopted
            ? await LargeShop.AdoptAsync(options.Database, options.Orders, adopted.Seconds, adopted.Cpu)
            : await LargeShop.EnsureAsync(options.Database, options.Orders);
        Console.WriteLine($"Seed: {seed.Rows:N0} rows in {seed.SeedSeconds:N0} s (raw copy {seed.RawSeconds:N0} s)");

        var results = new Results(seed);
        if (!options.Skip.Contains("reads"))
        {
            // Composed (and the file migrated: new indexes on a 1 GB file take minutes) before BenchmarkDotNet's
            // per-case time limit starts counting.
            _ = ShopOperations.Current;
            var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7)
                .WithIterationTime(TimeInterval.FromMilliseconds(120));
            var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job)
                .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary)
                .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "reship-bench", "artifacts"));
            results.Reads = BenchmarkRunner.Run<ReadBenchmarks>(config);
            ShopOperations.Current.Dispose();
        }

        if (!options.Skip.Contains("http") || !options.Skip.Contains("memory"))
        {
            await using var app = await ServedApp.StartAsync(repository, options.Database);
            if (!options.Skip.Contains("http")) results.Http = await HttpLoad.RunAsync(app, options.Database);
            if (!options.Skip.Contains("memory")) results.Memory = await CircuitMemory.RunAsync(app);
        }

        var path = Path.Combine(repository, "docs", "benchmarks", "results.md");
        await File.WriteAllTextAsync(path, results.ToMarkdown());
        Console.WriteLine($"Results written to {path}");
    }
}

internal sealed record RunOptions(int Orders, string Database, HashSet<string> Skip, (double Seconds, double Cpu)? AdoptSeed)
{
    public static RunOptions Parse(string[] args)
    {
        var orders = 1_000_000;
        var database = Path.Combine(Path.GetTempPath(), "reship-bench", "large.db");
        var skip = new HashSet<string>();
        (double, double)? adopt = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--orders": orders = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--db": database = Path.GetFullPath(args[++i]); break;
                case "--skip": skip.UnionWith(args[++i].Split(',')); break;
                case "--adopt-seed":
                    adopt = (double.Parse(args[++i], CultureInfo.InvariantCulture), double.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
            }
        }
        return new RunOptions(orders, database, skip, adopt);
    }

    public static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReshipDashboard.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}

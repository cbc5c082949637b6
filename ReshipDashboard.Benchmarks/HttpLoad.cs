using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ReshipDashboard.Benchmarks;

/// <param name="ServerCpuMs">The server's CPU time (all its threads, user and kernel) per measured request.</param>
/// <param name="PerSecond">Answers per second over the measured requests.</param>
/// <param name="WarmupSeconds">How long the endpoint was called, unmeasured, before it was measured.</param>
/// <param name="Settled">Whether the JIT had stopped recompiling by then (false: the warm-up reached its limit first).</param>
public sealed record HttpFigure(string Path, int Requests, int Failures, double P50Ms, double P95Ms, double MaxMs, double ServerCpuMs, double PerSecond,
    double WarmupSeconds, bool Settled);

/// <summary>
/// A bounded load loop: 16 clients at once on one endpoint for <see cref="TimeLimit"/> (at most <see cref="PerEndpoint"/>
/// requests), after an unmeasured warm-up at the same load (<see cref="WarmupTime"/>,
/// then rounds of <see cref="SettleRound"/> until the JIT has settled, in all at most about <see cref="WarmupLimit"/>);
/// latencies of every answer give p50 and p95, the server's CPU time over the measured requests the CPU per request.
/// </summary>
public static class HttpLoad
{
    public const int Concurrency = 16;
    // Measured for seconds, not for a few hundred requests: at about a thousand answers a second, 800 requests took less
    // than a second, and their slowest 5 % (40 answers, two or three rounds of the 16 clients) could all come from one
    // pause of the server or the machine.
    public const int PerEndpoint = 100_000;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan WarmupLimit = TimeSpan.FromSeconds(120);

    /// <summary>The load's rounds after the first <see cref="WarmupTime"/>, each checked for the JIT's recompiling.</summary>
    private static readonly TimeSpan SettleRound = TimeSpan.FromSeconds(2);

    /// <summary>At most this much CPU (in clock ticks, 10 ms each) of recompiling in a round counts as quiet.</summary>
    private const long QuietTicks = 2;

    /// <summary>Quiet rounds in a row that count as settled: the runtime recompiles in batches, which can follow a quiet round.</summary>
    private const int SettledRounds = 3;

    public static async Task<IReadOnlyList<HttpFigure>> RunAsync(ServedApp app, string databasePath)
    {
        var orderNumbers = new List<string>();
        await using (var connection = new SqliteConnection(LargeShop.ConnectionString(databasePath)))
        {
            await connection.OpenAsync();
            await using var sample = connection.CreateCommand();
            sample.CommandText = "SELECT OrderNo FROM Orders WHERE Id % 5000 = 17";
            await using var reader = await sample.ExecuteReaderAsync();
            while (await reader.ReadAsync()) orderNumbers.Add(reader.GetString(0));
        }

        string[] lists =
        [
            "/api/v1/orders", "/api/v1/orders?shipmentStatus=intercepted", "/api/v1/orders?shipmentStatus=delivered",
            "/api/v1/reissues", "/api/v1/reissues?status=awaiting_manual_tracking",
            "/api/v1/reship-requests", "/api/v1/reship-requests?status=pending", "/api/v1/after-sales", "/api/v1/events",
        ];
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency };
        var clients = ServedApp.ClientKeys.Select(key =>
        {
            var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(app.Address) };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }).ToList();

        var figures = new List<HttpFigure> { await MeasureAsync(app, clients, "/api/v1/orders/{no}", i => $"/api/v1/orders/{orderNumbers[i % orderNumbers.Count]}") };
        foreach (var path in lists) figures.Add(await MeasureAsync(app, clients, path, _ => path));
        foreach (var client in clients) client.Dispose();
        return figures;
    }

    private static async Task<HttpFigure> MeasureAsync(ServedApp app, List<HttpClient> clients, string name, Func<int, string> path)
    {
        // Warmed up at the same load first, unmeasured, until the JIT has settled: a server taking traffic runs the
        // optimised code of its hot paths. The runtime recompiles hot code to its optimised tier in the background, in
        // stages, on the same two cores the load runs on. With 16 clients on them, an endpoint whose code the ones
        // before did not use was still being recompiled after 10 s (about an eighth of the server's CPU in a profile);
        // on a fresh server, the order list filtered by status spent a fifth of its CPU recompiling for the first 24 s.
        // What that costs a starting server is not what the endpoint costs.
        var warmup = Stopwatch.StartNew();
        await RunAsync(clients, path, int.MaxValue, WarmupTime, (_, _) => { });
        var quiet = 0;
        while (quiet < SettledRounds && warmup.Elapsed + SettleRound <= WarmupLimit)
        {
            var before = app.TieringTicks();
            await RunAsync(clients, path, int.MaxValue, SettleRound, (_, _) => { });
            // A thread that ended in the round recompiled nothing in its last moments: it ends when it has been idle.
            quiet = app.TieringTicks().Sum(t => t.Value - before.GetValueOrDefault(t.Key)) <= QuietTicks ? quiet + 1 : 0;
        }
        var settled = quiet >= SettledRounds;
        var warmedFor = warmup.Elapsed;
        var latencies = new List<double>();
        var failures = 0;
        var cpu = app.ProcessorTime;
        var clock = Stopwatch.StartNew();
        await RunAsync(clients, path, PerEndpoint, TimeLimit, (elapsed, ok) =>
        {
            lock (latencies)
            {
                latencies.Add(elapsed);
                if (!ok) failures++;
            }
        });
        var wall = clock.Elapsed;
        var serverCpu = (app.ProcessorTime - cpu).TotalMilliseconds / latencies.Count;
        latencies.Sort();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        var figure = new HttpFigure(name, latencies.Count, failures, At(0.50), At(0.95), latencies[^1], serverCpu, latencies.Count / wall.TotalSeconds,
            warmedFor.TotalSeconds, settled);
        Console.WriteLine($"HTTP {figure.Path}: {figure.Requests} requests, p50 {figure.P50Ms:N1} ms, p95 {figure.P95Ms:N1} ms, failures {figure.Failures}, server CPU {figure.ServerCpuMs:N2} ms per request, {figure.PerSecond:N0}/s, after {figure.WarmupSeconds:N0} s of warm-up{(settled ? "" : ", the JIT not yet settled")}");
        return figure;
    }

    /// <summary>Every client sends one request after another until <paramref name="count"/> were sent or <paramref name="limit"/> passed.</summary>
    private static async Task RunAsync(List<HttpClient> clients, Func<int, string> path, int count, TimeSpan limit, Action<double, bool> answered)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async client =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && clock.Elapsed < limit)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(path(i));
                await response.Content.ReadAsByteArrayAsync();
                answered(watch.Elapsed.TotalMilliseconds, response.IsSuccessStatusCode);
            }
        }));
    }
}

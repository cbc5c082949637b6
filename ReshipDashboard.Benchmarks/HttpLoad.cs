using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ReshipDashboard.Benchmarks;

/// <param name="ServerCpuMs">The server's CPU time (all its threads, user and kernel) per measured request.</param>
/// <param name="PerSecond">Answers per second over the measured requests.</param>
public sealed record HttpFigure(string Path, int Requests, int Failures, double P50Ms, double P95Ms, double MaxMs, double ServerCpuMs, double PerSecond);

/// <summary>
/// A small, bounded load loop: 16 clients at once on one endpoint for at most <see cref="PerEndpoint"/> requests or
/// <see cref="TimeLimit"/>, whichever comes first, after an unmeasured warm-up of <see cref="WarmupTime"/> at the same
/// load; latencies of every answer give p50 and p95, the server's CPU time over the measured requests the CPU per request.
/// </summary>
public static class HttpLoad
{
    public const int Concurrency = 16;
    public const int PerEndpoint = 800;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(10);

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
        // Warmed up at the same load first, unmeasured, for a fixed time rather than a number of calls: the server's
        // JIT promotes the endpoint's hot code to its optimised tier in the background while it runs, taking a share of
        // the same two cores (about a sixth of the CPU in a profile of a warm-up of 400 calls), and a server taking
        // traffic runs the optimised code.
        await RunAsync(clients, path, int.MaxValue, WarmupTime, (_, _) => { });
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
        var figure = new HttpFigure(name, latencies.Count, failures, At(0.50), At(0.95), latencies[^1], serverCpu, latencies.Count / wall.TotalSeconds);
        Console.WriteLine($"HTTP {figure.Path}: {figure.Requests} requests, p50 {figure.P50Ms:N1} ms, p95 {figure.P95Ms:N1} ms, failures {figure.Failures}, server CPU {figure.ServerCpuMs:N2} ms per request, {figure.PerSecond:N0}/s");
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

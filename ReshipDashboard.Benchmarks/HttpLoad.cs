using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ReshipDashboard.Benchmarks;

public sealed record HttpFigure(string Path, int Requests, int Failures, double P50Ms, double P95Ms, double MaxMs);

/// <summary>
/// A small, bounded load loop: 16 clients at once on one endpoint for at most <see cref="PerEndpoint"/> requests or
/// <see cref="TimeLimit"/>, whichever comes first, after an unmeasured warm-up of <see cref="Warmup"/> requests at the same
/// load; latencies of every answer give p50 and p95.
/// </summary>
public static class HttpLoad
{
    public const int Concurrency = 16;
    public const int PerEndpoint = 800;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);
    public const int Warmup = 400;
    public static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(5);

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

        var figures = new List<HttpFigure> { await MeasureAsync(clients, "/api/v1/orders/{no}", i => $"/api/v1/orders/{orderNumbers[i % orderNumbers.Count]}") };
        foreach (var path in lists) figures.Add(await MeasureAsync(clients, path, _ => path));
        foreach (var client in clients) client.Dispose();
        return figures;
    }

    private static async Task<HttpFigure> MeasureAsync(List<HttpClient> clients, string name, Func<int, string> path)
    {
        // Warmed up at the same load first, unmeasured: the server's JIT promotes the endpoint's hot code to its
        // optimised tier only after it has run for a while, and a server taking traffic runs that code.
        await RunAsync(clients, path, Warmup, WarmupTime, (_, _) => { });
        var latencies = new List<double>();
        var failures = 0;
        await RunAsync(clients, path, PerEndpoint, TimeLimit, (elapsed, ok) =>
        {
            lock (latencies)
            {
                latencies.Add(elapsed);
                if (!ok) failures++;
            }
        });
        latencies.Sort();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        var figure = new HttpFigure(name, latencies.Count, failures, At(0.50), At(0.95), latencies[^1]);
        Console.WriteLine($"HTTP {figure.Path}: {figure.Requests} requests, p50 {figure.P50Ms:N1} ms, p95 {figure.P95Ms:N1} ms, failures {figure.Failures}");
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

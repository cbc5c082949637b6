using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ReshipDashboard.Benchmarks;

/// <summary>The built app (Release) as a child process on 127.0.0.1, over the large shop, as a merchant would run it.</summary>
public sealed class ServedApp : IAsyncDisposable
{
    public const string ApiKey = "demo-key-reship-2026";

    /// <summary>
    /// One API key per load client: the API allows each key 100 calls a second, and the load measures latency, not
    /// the limiter (the demo key stays first, so the memory run's sign-in is unchanged).
    /// </summary>
    public static readonly string[] ClientKeys = Enumerable.Range(1, HttpLoad.Concurrency).Select(i => $"bench-key-{i:D2}-reship").ToArray();
    private readonly Process _process;

    private ServedApp(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>The server process's CPU time so far, all threads, user and kernel.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// CPU ticks (user and kernel, in the kernel's clock ticks) of each of the server's threads now running the runtime's
    /// tiered compilation (the JIT's background recompiling of hot code to its optimised tier), by thread id. The runtime
    /// starts that thread when it has methods to recompile and lets it end when it has none.
    /// </summary>
    public IReadOnlyDictionary<int, long> TieringTicks()
    {
        var ticks = new Dictionary<int, long>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th of them.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the thread ended between listing and reading
            }
        }
        return ticks;
    }

    /// <summary>The server's resident memory (VmRSS) in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    public static async Task<ServedApp> StartAsync(string repository, string databasePath, IReadOnlyDictionary<string, string> settings)
    {
        var dll = Path.Combine(repository, "ReshipDashboard", "bin", "Release", "net10.0", "ReshipDashboard.dll");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var address = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", address, "--ConnectionStrings:Default", LargeShop.ConnectionString(databasePath),
                "--Logging:LogLevel:Default", "Warning", "--Api:Keys:0", ApiKey,
                // The load's clients call faster than a key's default allowance (100 a second): the figures are the
                // app's answers, not the limiter's 429s.
                "--Api:RateLimit:PerSecond", "1000000", "--Api:RateLimit:Burst", "1000000" },
            WorkingDirectory = Path.Combine(repository, "ReshipDashboard"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        for (var i = 0; i < ClientKeys.Length; i++) start.ArgumentList.Add($"--Api:Keys:{i + 1}={ClientKeys[i]}");
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var deadline = DateTime.UtcNow.AddMinutes(10); // a file that predates the last migrations is migrated first
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(address + "/api/v1/events?limit=1");
                if (response.IsSuccessStatusCode)
                {
                    await SettleAsync(process);
                    return new ServedApp(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("The app did not answer within 10 minutes");
    }

    /// <summary>
    /// Waits until the app is idle (under 5 % of a core for two seconds running, at most three minutes): a shop copied
    /// a while after it was seeded first catches up on the reship deadlines that passed meanwhile, and a measurement
    /// should see a server in its steady state, not one still doing that.
    /// </summary>
    private static async Task SettleAsync(Process process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var quiet = 0;
        var last = process.TotalProcessorTime;
        while (quiet < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            process.Refresh();
            var now = process.TotalProcessorTime;
            quiet = now - last < TimeSpan.FromMilliseconds(50) ? quiet + 1 : 0;
            last = now;
        }
        Console.WriteLine(quiet >= 2 ? "The app is idle" : "The app was still busy after 3 minutes; measuring anyway");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

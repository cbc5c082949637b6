using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Playwright;

namespace ReshipDashboard.Benchmarks;

public sealed record MemoryFigure(long Idle, long OneCircuit, long FiftyCircuits)
{
    public double PerCircuit => (FiftyCircuits - OneCircuit) / 49.0;
}

/// <summary>
/// Each point read three ways: the working set as found a few seconds after the last page; the working set after a
/// full collection in the server (an idle server does not collect on its own); and the managed heap that collection
/// left, which is what the circuits hold, without memory the runtime keeps committed for later.
/// </summary>
public sealed record CircuitMemoryFigures(MemoryFigure AsFound, MemoryFigure Collected, MemoryFigure LiveHeap);

/// <summary>
/// The server's working set with 1 and with 50 open dashboard circuits: one signed-in browser, each tab on the
/// reship queue and waiting until the page is interactive (its circuit is up).
/// </summary>
public static class CircuitMemory
{
    /// <summary>The runtime provider's GC keyword and GCHeapCollect, the keyword that makes the runtime collect.</summary>
    private const long GcKeywords = 0x1 | 0x800000;

    /// <param name="warmUp">First load the page <see cref="WarmUpLoads"/> times, one circuit at a time.</param>
    public static async Task<CircuitMemoryFigures> RunAsync(ServedApp app, bool warmUp)
    {
        using var playwright = await Playwright.CreateAsync();
        var chromium = Environment.GetEnvironmentVariable("RESHIP_CHROMIUM") ?? "/usr/bin/chromium";
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = File.Exists(chromium) ? chromium : null,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new() { BaseURL = app.Address });
        // A shared, busy machine: pages may take far longer than Playwright's 30 s default to load.
        context.SetDefaultTimeout(180_000);
        context.SetDefaultNavigationTimeout(180_000);
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync("/account/login");
        await signIn.FillAsync("input[name='Input.UserName']", "admin");
        await signIn.FillAsync("input[name='Input.Password']", "Demo@12345");
        await signIn.ClickAsync("button[type='submit']");
        await Assertions.Expect(signIn).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new() { Timeout = 180_000 });
        await signIn.CloseAsync();

        // Warm-up, one circuit at a time: the page loaded again and again until the JIT has moved its hot code to its
        // optimised tiers. On a fresh server the 50 circuits' growth includes the methods compiled again (and their
        // code) during the first loads, which a warm server does not pay per circuit. Never more than one of these
        // circuits is alive at a time.
        if (warmUp)
        {
            var warm = await context.NewPageAsync();
            for (var i = 0; i < WarmUpLoads; i++)
            {
                await warm.GotoAsync("/after-sales/reship-requests");
                await warm.WaitForSelectorAsync("[data-interactive]", new() { Timeout = 120_000 });
            }
            await warm.CloseAsync();
        }

        var idle = await ReadAsync(app);
        var pages = new List<IPage>();
        (long AsFound, long Collected, long Heap) one = default;
        for (var i = 0; i < 50; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/after-sales/reship-requests");
            await page.WaitForSelectorAsync("[data-interactive]", new() { Timeout = 120_000 });
            pages.Add(page);
            if (i == 0)
            {
                one = await ReadAsync(app);
                Console.WriteLine($"Working set: idle {idle.AsFound / 1e6:N1} MB ({idle.Collected / 1e6:N1} MB collected, heap {idle.Heap / 1e6:N1} MB), 1 circuit {one.AsFound / 1e6:N1} MB ({one.Collected / 1e6:N1} MB collected, heap {one.Heap / 1e6:N1} MB)");
            }
        }
        var fifty = await ReadAsync(app);
        Console.WriteLine($"Working set: 50 circuits {fifty.AsFound / 1e6:N1} MB ({fifty.Collected / 1e6:N1} MB collected, heap {fifty.Heap / 1e6:N1} MB)");
        foreach (var page in pages) await page.CloseAsync();
        return new CircuitMemoryFigures(
            new MemoryFigure(idle.AsFound, one.AsFound, fifty.AsFound),
            new MemoryFigure(idle.Collected, one.Collected, fifty.Collected),
            new MemoryFigure(idle.Heap, one.Heap, fifty.Heap));
    }

    /// <summary>How many times the page is loaded before anything is measured (the JIT promotes a method after 30 calls).</summary>
    public const int WarmUpLoads = 60;

    private static async Task<(long AsFound, long Collected, long Heap)> ReadAsync(ServedApp app)
    {
        await Settle();
        var found = app.WorkingSet;
        var heap = await CollectAsync(app.ProcessId);
        await Settle();
        return (found, app.WorkingSet, heap);
    }

    /// <summary>
    /// A full, blocking collection in the server, started as a heap snapshot tool starts one (an EventPipe session
    /// that asks the runtime for its GC heap); returns the managed heap's size after it, from the runtime's own
    /// heap statistics event.
    /// </summary>
    private static async Task<long> CollectAsync(int processId)
    {
        var client = new DiagnosticsClient(processId);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeywords)], requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        long heap = -1;
        var full = false;
        source.Clr.GCStart += e => full = e.Depth == 2;
        source.Clr.GCHeapStats += e =>
        {
            if (full) Interlocked.Exchange(ref heap, e.TotalHeapSize);
        };
        var reading = Task.Run(source.Process);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Interlocked.Read(ref heap) < 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        await session.StopAsync(CancellationToken.None);
        await reading;
        return heap < 0 ? throw new InvalidOperationException("The server reported no full collection within 30 s") : heap;
    }

    private static Task Settle() => Task.Delay(TimeSpan.FromSeconds(3));
}

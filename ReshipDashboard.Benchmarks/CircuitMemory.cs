using Microsoft.Playwright;

namespace ReshipDashboard.Benchmarks;

public sealed record MemoryFigure(long Idle, long OneCircuit, long FiftyCircuits)
{
    public double PerCircuit => (FiftyCircuits - OneCircuit) / 49.0;
}

/// <summary>
/// The server's working set with 1 and with 50 open dashboard circuits: one signed-in browser, each tab on the
/// reship queue and waiting until the page is interactive (its circuit is up).
/// </summary>
public static class CircuitMemory
{
    public static async Task<MemoryFigure> RunAsync(ServedApp app)
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
        await signIn.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        await signIn.CloseAsync();

        await Settle();
        var idle = app.WorkingSet;
        var pages = new List<IPage>();
        long one = 0;
        for (var i = 0; i < 50; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/after-sales/reship-requests");
            await page.WaitForSelectorAsync("[data-interactive]", new() { Timeout = 120_000 });
            pages.Add(page);
            if (i == 0)
            {
                await Settle();
                one = app.WorkingSet;
                Console.WriteLine($"Working set: idle {idle / 1e6:N1} MB, 1 circuit {one / 1e6:N1} MB");
            }
        }
        await Settle();
        var fifty = app.WorkingSet;
        Console.WriteLine($"Working set: 50 circuits {fifty / 1e6:N1} MB");
        foreach (var page in pages) await page.CloseAsync();
        return new MemoryFigure(idle, one, fifty);
    }

    private static Task Settle() => Task.Delay(TimeSpan.FromSeconds(3));
}

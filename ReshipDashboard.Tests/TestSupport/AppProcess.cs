using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// A shell command run as a person would type it, from the repository's root, with a few environment settings on
/// top (a free port, a database file of the test's own). Collects what it prints; disposing ends its whole tree.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private AppProcess(Process process) => _process = process;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Output => string.Join('\n', _lines);

    /// <summary>The address Kestrel reported, once it listens.</summary>
    public Uri? Address { get; private set; }

    /// <summary>The web project's own build output (the tests' configuration), where its settings files are.</summary>
    public static string BuiltAppFolder
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
            return Path.Combine(RepositoryRoot, "ReshipDashboard", "bin", configuration, "net10.0");
        }
    }

    /// <summary>The built app (<see cref="BuiltAppFolder"/>) as a process of its own, with <paramref name="environment"/>.</summary>
    public static AppProcess StartBuilt(IDictionary<string, string> environment) =>
        Start("exec dotnet ReshipDashboard.dll", environment, BuiltAppFolder);

    public static AppProcess Start(string command, IDictionary<string, string> environment, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        // The test host's own settings must not leak into the app under test.
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new AppProcess(process);
        process.OutputDataReceived += (_, e) => app.Receive(e.Data);
        process.ErrorDataReceived += (_, e) => app.Receive(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void Receive(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        if (Address is null && ListeningLine().Match(line) is { Success: true } m)
            Address = new Uri(m.Groups[1].Value);
    }

    /// <summary>Waits until the app listens (or fails: then the output says why).</summary>
    public async Task<Uri> WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Address is null)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The command ended with {_process.ExitCode} before listening:\n{Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not listening after {timeout}:\n{Output}");
            await Task.Delay(50);
        }
        return Address;
    }

    /// <summary>Waits until the command has printed <paramref name="text"/> (the host logs its environment just after it listens).</summary>
    public Task WaitForOutputAsync(string text) =>
        Eventually.WaitUntilAsync(() => Task.FromResult(Output.Contains(text, StringComparison.Ordinal)), $"the app printed \"{text}\"", TimeSpan.FromSeconds(30));

    /// <summary>Waits for the command to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Ends the process at once, as <c>kill -9</c> does: no shutdown, no flushing, whatever it was doing.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true); // SIGKILL on Linux
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReshipDashboard.sln")))
                return dir.FullName;
        throw new InvalidOperationException("ReshipDashboard.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}

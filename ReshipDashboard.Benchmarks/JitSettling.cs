using System.Diagnostics;
using System.Runtime;

namespace ReshipDashboard.Benchmarks;

/// <summary>
/// Runs a read, untimed, until the JIT has stopped compiling for it. The runtime moves hot code to its optimised tier
/// in stages and in the background, and only after a pause in compiling new methods; a read timed before then is timed
/// partly on its first-tier code, and on two cores the background compiling takes time from the read itself (a read
/// whose hot code is still being recompiled can measure nearly twice its settled time).
/// </summary>
public static class JitSettling
{
    /// <summary>Warm-up runs at least this long.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1.5);

    /// <summary>It is settled after this many rounds in a row in which the JIT compiled at most <see cref="QuietMethods"/> methods.</summary>
    public const int QuietRounds = 3;

    public const int QuietMethods = 2;

    public static readonly TimeSpan Round = TimeSpan.FromMilliseconds(250);

    /// <summary>A read whose code keeps changing is measured anyway after this long, and said so.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="step"/> over and over until the JIT has settled or <see cref="Limit"/> has passed.</summary>
    public static async Task<(TimeSpan WarmedFor, long Compiled, bool Settled)> WarmUpAsync(Func<Task> step)
    {
        var watch = Stopwatch.StartNew();
        var first = JitInfo.GetCompiledMethodCount();
        while (watch.Elapsed < Minimum) await step();
        var quiet = 0;
        while (quiet < QuietRounds && watch.Elapsed < Limit)
        {
            var before = JitInfo.GetCompiledMethodCount();
            for (var round = Stopwatch.StartNew(); round.Elapsed < Round;) await step();
            quiet = JitInfo.GetCompiledMethodCount() - before <= QuietMethods ? quiet + 1 : 0;
        }
        return (watch.Elapsed, JitInfo.GetCompiledMethodCount() - first, quiet >= QuietRounds);
    }
}

using ReshipDashboard.Data;

namespace ReshipDashboard.Tests.Data;

/// <summary>A database path's watch counts what happens to the file at that path, and nothing else in its folder.</summary>
public sealed class DatabaseFileWatchTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "reship-tests", $"watch-{Guid.NewGuid():N}");
    private readonly string _path;

    public DatabaseFileWatchTests()
    {
        Directory.CreateDirectory(_folder);
        _path = Path.Combine(_folder, "shop.db");
        File.WriteAllText(_path, "");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static DatabaseFileWatch WatchOf(string path) => DatabaseFileWatch.For($"Data Source={path}", path);

    /// <summary>Waits (up to 10 s) until the watch has counted a change since <paramref name="before"/>.</summary>
    internal static async Task ReportedAsync(DatabaseFileWatch watch, long before)
    {
        for (var waited = 0; watch.Changes == before && waited < 10_000; waited += 10) await Task.Delay(10);
        Assert.True(watch.Changes > before, "the file system reported no change to the database's path");
    }

    [Fact]
    public async Task MovingTheFileAway_MovingAnotherOverIt_AndDeletingIt_EachCount()
    {
        var watch = WatchOf(_path);
        Assert.True(watch.Watching);
        Assert.True(watch.StillThere(watch.Changes));

        var before = watch.Changes;
        File.Move(_path, _path + ".away");
        await ReportedAsync(watch, before);
        Assert.False(watch.StillThere(before));

        before = watch.Changes;
        File.Move(_path + ".away", _path);
        await ReportedAsync(watch, before);

        before = watch.Changes;
        File.WriteAllText(_path + ".new", "");
        File.Move(_path + ".new", _path, overwrite: true);
        await ReportedAsync(watch, before);

        before = watch.Changes;
        File.Delete(_path);
        await ReportedAsync(watch, before);
    }

    [Fact]
    public async Task TheDatabasesOwnJournalFiles_AndOtherFiles_DoNotCount()
    {
        var watch = WatchOf(_path);
        var before = watch.Changes;
        foreach (var other in new[] { _path + "-wal", _path + "-shm", _path + "-journal", Path.Combine(_folder, "other.db") })
        {
            File.WriteAllText(other, "");
            File.Move(other, other + ".moved");
            File.Delete(other + ".moved");
        }

        // A change to the database's own path afterwards is counted once: the others, reported before it (the folder's
        // notifications arrive in order), were not.
        File.Delete(_path);
        await ReportedAsync(watch, before);
        Assert.Equal(before + 1, watch.Changes);
    }

    [Fact]
    public async Task ManyDatabasesInOneFolder_ShareItsWatcher_AndEachCountsOnlyItsOwnChanges()
    {
        // More than the 128 watchers Linux allows a user: each is watched, as one folder takes one.
        var paths = Enumerable.Range(0, 200).Select(i => Path.Combine(_folder, $"shop-{i}.db")).ToList();
        foreach (var path in paths) File.WriteAllText(path, "");
        var watches = paths.Select(WatchOf).ToList();
        Assert.All(watches, w => Assert.True(w.Watching));

        var before = watches.Select(w => w.Changes).ToList();
        // The only change, and the folder's last notification: once it has arrived, every watch has seen all it will.
        File.Delete(paths[150]);
        await ReportedAsync(watches[150], before[150]);
        Assert.Equal(before.Select((b, i) => i == 150 ? b + 1 : b), watches.Select(w => w.Changes));
    }

    [Fact]
    public void ConnectionsOpeningAtOnce_ShareOneWatch_KnownByTheirConnectionString()
    {
        var connectionString = $"Data Source={_path}";
        Assert.Null(DatabaseFileWatch.Known(connectionString));
        var watches = new DatabaseFileWatch[64];
        Parallel.For(0, watches.Length, i => watches[i] = DatabaseFileWatch.For(connectionString, _path));
        Assert.All(watches, w => Assert.Same(watches[0], w));
        Assert.Same(watches[0], DatabaseFileWatch.Known(connectionString));
        Assert.Same(watches[0], DatabaseFileWatch.For($"Data Source={_path};Default Timeout=30", _path));
    }

    [Fact]
    public async Task AFolderMovedAway_IsFound_WhenThePathIsLookedAt_OnceASecond()
    {
        // The folder's watcher follows the folder: its files' names did not change, and nothing is reported.
        var inner = Path.Combine(_folder, "data");
        Directory.CreateDirectory(inner);
        var path = Path.Combine(inner, "shop.db");
        File.WriteAllText(path, "");
        var watch = WatchOf(path);
        var openedAt = watch.Changes;
        Assert.True(watch.StillThere(openedAt));

        Directory.Move(inner, inner + "-moved");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (watch.StillThere(openedAt) && waited.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(50);
        Assert.False(watch.StillThere(openedAt));
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(3), $"noticed after {waited.Elapsed}");
        // Counted as a change: every connection on the path lets go, not only the one that looked.
        Assert.Equal(openedAt + 1, watch.Changes);
    }

    [Fact]
    public void AFolderThatCannotBeWatched_HasItsPathLookedAt_OnEveryCheck()
    {
        var path = Path.Combine(_folder, "missing-folder", "shop.db");
        var watch = WatchOf(path);
        Assert.False(watch.Watching);
        Assert.False(watch.StillThere(watch.Changes));

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        Assert.True(watch.StillThere(watch.Changes));
        File.Delete(path);
        Assert.False(watch.StillThere(watch.Changes));
    }

    [Fact]
    public async Task EachChange_ClearsThePoolOnce()
    {
        var watch = WatchOf(_path);
        var changes = watch.Changes;
        Assert.False(watch.PoolToClear(changes));
        // One deletion, one notification: no further change comes after it is reported.
        File.Delete(_path);
        await ReportedAsync(watch, changes);
        changes = watch.Changes;
        Assert.True(watch.PoolToClear(changes));
        Assert.False(watch.PoolToClear(changes));
    }
}

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

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Waits (up to 10 s) until the watch has counted a change since <paramref name="before"/>.</summary>
    internal static async Task ReportedAsync(DatabaseFileWatch watch, long before)
    {
        for (var waited = 0; watch.Changes == before && waited < 10_000; waited += 10) await Task.Delay(10);
        Assert.True(watch.Changes > before, "the file system reported no change to the database's path");
    }

    [Fact]
    public async Task MovingTheFileAway_MovingAnotherOverIt_AndDeletingIt_EachCount()
    {
        var watch = DatabaseFileWatch.For(_path);
        Assert.True(watch.Watching);

        var before = watch.Changes;
        File.Move(_path, _path + ".away");
        await ReportedAsync(watch, before);

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
        var watch = DatabaseFileWatch.For(_path);
        var before = watch.Changes;
        foreach (var other in new[] { _path + "-wal", _path + "-shm", _path + "-journal", Path.Combine(_folder, "other.db") })
        {
            File.WriteAllText(other, "");
            File.Move(other, other + ".moved");
            File.Delete(other + ".moved");
        }

        // A change to the database's own path afterwards is counted once: the others, reported before it, were not.
        File.Delete(_path);
        await ReportedAsync(watch, before);
        await Task.Delay(200);
        Assert.Equal(before + 1, watch.Changes);
    }

    [Fact]
    public void TheSamePath_HasOneWatch_HoweverItIsWritten()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _path);
        Assert.Same(DatabaseFileWatch.For(_path), DatabaseFileWatch.For(relative));
        Assert.Same(DatabaseFileWatch.For(_path), DatabaseFileWatch.For(Path.Combine(_folder, ".", "shop.db")));
    }

    [Fact]
    public async Task ManyDatabasesInOneFolder_ShareItsWatcher_AndEachCountsOnlyItsOwnChanges()
    {
        // More than a system's 128 watchers a user: each is watched, as one folder takes one.
        var paths = Enumerable.Range(0, 200).Select(i => Path.Combine(_folder, $"shop-{i}.db")).ToList();
        foreach (var path in paths) File.WriteAllText(path, "");
        var watches = paths.Select(DatabaseFileWatch.For).ToList();
        Assert.All(watches, w => Assert.True(w.Watching));

        var before = watches.Select(w => w.Changes).ToList();
        File.Delete(paths[150]);
        await ReportedAsync(watches[150], before[150]);
        await Task.Delay(200);
        Assert.Equal(before.Select((b, i) => i == 150 ? b + 1 : b), watches.Select(w => w.Changes));
    }

    [Fact]
    public void AFolderThatCannotBeWatched_IsNotTrusted()
    {
        var watch = DatabaseFileWatch.For(Path.Combine(_folder, "missing-folder", "shop.db"));
        Assert.False(watch.Watching);
    }
}

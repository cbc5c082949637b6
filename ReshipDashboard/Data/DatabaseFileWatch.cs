using System.Collections.Concurrent;

namespace ReshipDashboard.Data;

/// <summary>
/// What has happened to a SQLite database's path since a connection opened it, known without a system call per
/// operation: the file system's change notifications for the path's folder are counted in <see cref="Changes"/> when
/// the file is deleted, moved away, or another file is created, moved or copied to its name. One watch per path, for
/// the life of the process. Where the folder cannot be watched, or the watch reports an error (a lost notification),
/// <see cref="Watching"/> is false and the path must be looked at before each operation instead.
/// </summary>
public sealed class DatabaseFileWatch
{
    private static readonly ConcurrentDictionary<string, DatabaseFileWatch> Watches = new(StringComparer.Ordinal);

    private readonly string _name;
    private readonly FileSystemWatcher? _watcher;
    private long _changes;
    private volatile bool _watching;

    private DatabaseFileWatch(string path)
    {
        _name = Path.GetFileName(path);
        try
        {
            // Every name in the folder: a pattern would treat the file name's own characters as wildcards.
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!) { NotifyFilter = NotifyFilters.FileName, IncludeSubdirectories = false };
            _watcher.Created += OnChanged;
            _watcher.Deleted += OnChanged;
            _watcher.Renamed += OnChanged;
            _watcher.Error += (_, _) =>
            {
                _watching = false;
                Interlocked.Increment(ref _changes);
            };
            _watcher.EnableRaisingEvents = true;
            _watching = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>The watch of a database file's path (made absolute as SQLite does, against the current folder).</summary>
    public static DatabaseFileWatch For(string path) => Watches.GetOrAdd(Path.GetFullPath(path), p => new DatabaseFileWatch(p));

    /// <summary>How many times the path was deleted, moved away or given another file, as far as it was watched.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>Whether <see cref="Changes"/> can be trusted: false when the folder could not be watched or a notification was lost.</summary>
    public bool Watching => _watching;

    // Without regard to case: a name that differs only in case may be the same file, and a change counted for another
    // file only costs the connections one reopening of the path.
    private void OnChanged(object? sender, FileSystemEventArgs e)
    {
        if (string.Equals(e.Name, _name, StringComparison.OrdinalIgnoreCase)
            || (e is RenamedEventArgs renamed && string.Equals(renamed.OldName, _name, StringComparison.OrdinalIgnoreCase)))
            Interlocked.Increment(ref _changes);
    }
}

using System.Collections.Concurrent;

namespace ReshipDashboard.Data;

/// <summary>
/// What has happened to a SQLite database's path since a connection opened it, known without a system call per
/// operation: the file system's change notifications for the path's folder are counted in <see cref="Changes"/> when
/// the file is deleted, moved away, or another file is created, moved or copied to its name. One watch per path and
/// one watcher per folder, for the life of the process (a system allows each user only a few watchers: 128 on Linux).
/// Where the folder cannot be watched, or its watcher reports an error (a lost notification), <see cref="Watching"/>
/// is false and the path must be looked at before each operation instead.
/// </summary>
public sealed class DatabaseFileWatch
{
    private static readonly ConcurrentDictionary<string, DatabaseFileWatch> Watches = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Folder> Folders = new(StringComparer.Ordinal);

    private long _changes;
    private volatile bool _watching = true;

    private DatabaseFileWatch() { }

    /// <summary>The watch of a database file's path (made absolute as SQLite does, against the current folder).</summary>
    public static DatabaseFileWatch For(string path) => Watches.GetOrAdd(Path.GetFullPath(path), full =>
    {
        var watch = new DatabaseFileWatch();
        var folder = Folders.GetOrAdd(Path.GetDirectoryName(full)!, name => new Folder(name));
        if (!folder.Add(Path.GetFileName(full), watch))
        {
            watch._watching = false;
            // The next database in the folder tries a watcher again.
            Folders.TryRemove(new KeyValuePair<string, Folder>(folder.Path, folder));
        }
        return watch;
    });

    /// <summary>How many times the path was deleted, moved away or given another file, as far as it was watched.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>Whether <see cref="Changes"/> can be trusted: false when the folder could not be watched or a notification was lost.</summary>
    public bool Watching => _watching;

    /// <summary>One folder's watcher, counting the changes to the names of the databases in it.</summary>
    private sealed class Folder
    {
        // Without regard to case: a name that differs only in case may be the same file, and a change counted for
        // another file only costs the connections one reopening of the path.
        private readonly ConcurrentDictionary<string, DatabaseFileWatch> _files = new(StringComparer.OrdinalIgnoreCase);
        private readonly FileSystemWatcher? _watcher;
        private volatile bool _broken;

        public string Path { get; }

        public Folder(string path)
        {
            Path = path;
            try
            {
                _watcher = new FileSystemWatcher(path) { NotifyFilter = NotifyFilters.FileName, IncludeSubdirectories = false };
                _watcher.Created += OnChanged;
                _watcher.Deleted += OnChanged;
                _watcher.Renamed += OnChanged;
                _watcher.Error += (_, _) => Break();
                _watcher.EnableRaisingEvents = true;
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                _watcher?.Dispose();
                _watcher = null;
                _broken = true;
            }
        }

        /// <summary>Counts the file's changes from now on; false when the folder is not being watched.</summary>
        public bool Add(string name, DatabaseFileWatch watch)
        {
            if (_broken) return false;
            _files[name] = watch;
            // Broken meanwhile: whatever Break saw, this file is not trusted either.
            return !_broken;
        }

        private void OnChanged(object? sender, FileSystemEventArgs e)
        {
            if (e.Name is { } name && _files.TryGetValue(name, out var watch)) Interlocked.Increment(ref watch._changes);
            if (e is RenamedEventArgs { OldName: { } old } && _files.TryGetValue(old, out var moved)) Interlocked.Increment(ref moved._changes);
        }

        /// <summary>A lost notification: none of the folder's files is trusted again, and its next database gets a new watcher.</summary>
        private void Break()
        {
            _broken = true;
            Folders.TryRemove(new KeyValuePair<string, Folder>(Path, this));
            foreach (var watch in _files.Values)
            {
                watch._watching = false;
                Interlocked.Increment(ref watch._changes);
            }
            _watcher?.Dispose();
        }
    }
}

namespace ReshipDashboard.Data;

/// <summary>
/// Whether a SQLite database's path still names the file connections opened, known without a system call per
/// operation. The file system's change notifications for the path's folder count a change (<see cref="Changes"/>) when
/// the file is deleted, moved away, or another file is created or moved to its name; once a second at most the path is
/// also looked at, for what notifications do not show (the folder itself moved, a network file system). One watch per
/// file and one watcher per folder, for the life of the process (Linux allows each user 128 watchers). Where the
/// folder cannot be watched, or its watcher reports an error (a lost notification), the path is looked at on every
/// check instead. A notification arrives shortly after the change (normally within milliseconds); what runs before it
/// does still uses the old file, as anything already running on it does.
/// </summary>
public sealed class DatabaseFileWatch
{
    // Exact names where file names are: Linux tells "Shop.db" from "shop.db".
    private static readonly StringComparer Names = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, DatabaseFileWatch> ByConnection = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, Folder> Folders = new(Names);

    private readonly string _path;
    private long _changes;
    private long _clearedAt;
    // When the path was last looked at (Environment.TickCount64); never yet, so the first check looks.
    private long _lookedAt;
    private volatile bool _watching;

    private DatabaseFileWatch(string path) => _path = path;

    /// <summary>The watch of the file a connection string opens, once a connection with it has been opened; else null.</summary>
    public static DatabaseFileWatch? Known(string connectionString)
    {
        lock (Gate) return ByConnection.GetValueOrDefault(connectionString);
    }

    /// <summary>
    /// The watch of the file at <paramref name="path"/> (as SQLite reports the file it opened: absolute, links
    /// resolved), remembered for <paramref name="connectionString"/>.
    /// </summary>
    public static DatabaseFileWatch For(string connectionString, string path)
    {
        lock (Gate)
        {
            if (ByConnection.TryGetValue(connectionString, out var known) && string.Equals(known._path, path, StringComparison.Ordinal)) return known;
            var folderPath = Path.GetDirectoryName(path) ?? path;
            if (!Folders.TryGetValue(folderPath, out var folder) || folder.Broken) Folders[folderPath] = folder = new Folder(folderPath);
            var watch = folder.Watch(Path.GetFileName(path), path);
            ByConnection[connectionString] = watch;
            return watch;
        }
    }

    /// <summary>How many times the path was seen deleted, moved away or given another file.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>Whether notifications are counted for the path (false: it is looked at on every check).</summary>
    public bool Watching => _watching;

    /// <summary>
    /// Whether the path still names the file a connection opened when <see cref="Changes"/> was
    /// <paramref name="openedAt"/>. A path found empty is counted as a change, so every connection on it lets go.
    /// </summary>
    public bool StillThere(long openedAt)
    {
        if (Changes != openedAt) return false;
        if (_watching)
        {
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref _lookedAt);
            if (now - last < 1000 || Interlocked.CompareExchange(ref _lookedAt, now, last) != last) return true;
        }
        if (File.Exists(_path)) return true;
        Interlocked.Increment(ref _changes);
        return false;
    }

    /// <summary>
    /// Whether idle connections pooled before the latest change must be dropped before opening one: true once per change,
    /// to the first opener that asks.
    /// </summary>
    public bool PoolToClear(long changes)
    {
        var cleared = Interlocked.Read(ref _clearedAt);
        return cleared != changes && Interlocked.CompareExchange(ref _clearedAt, changes, cleared) == cleared;
    }

    /// <summary>One folder's watcher, counting the changes to the names of the databases in it.</summary>
    private sealed class Folder
    {
        private readonly Dictionary<string, DatabaseFileWatch> _files = new(Names);
        private readonly FileSystemWatcher? _watcher;

        public Folder(string path)
        {
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
                Broken = true;
            }
        }

        /// <summary>Failed or lost a notification: the folder's next new database gets a new watcher.</summary>
        public bool Broken { get; private set; }

        public DatabaseFileWatch Watch(string name, string path)
        {
            lock (_files)
            {
                if (_files.TryGetValue(name, out var known)) return known;
                var watch = new DatabaseFileWatch(path) { _watching = !Broken };
                _files[name] = watch;
                return watch;
            }
        }

        private void OnChanged(object? sender, FileSystemEventArgs e)
        {
            lock (_files)
            {
                if (e.Name is { } name && _files.TryGetValue(name, out var watch)) Interlocked.Increment(ref watch._changes);
                if (e is RenamedEventArgs { OldName: { } old } && _files.TryGetValue(old, out var moved)) Interlocked.Increment(ref moved._changes);
            }
        }

        // Whatever happened meanwhile is unknown: every file counts a change and is looked at on every check from now on.
        private void Break()
        {
            lock (_files)
            {
                Broken = true;
                foreach (var watch in _files.Values)
                {
                    watch._watching = false;
                    Interlocked.Increment(ref watch._changes);
                }
            }
            _watcher?.Dispose();
        }
    }
}

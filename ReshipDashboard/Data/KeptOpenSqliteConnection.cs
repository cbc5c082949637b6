using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReshipDashboard.Data;

/// <summary>
/// A pooled context's SQLite connection, kept open between operations instead of being closed and handed back to
/// Microsoft.Data.Sqlite's pool after each one: its compiled statements stay with it. It is closed when the context is
/// disposed (when its pool is, or when the pool is full). The context's transactions end with each operation as before.
/// </summary>
#pragma warning disable EF1001 // the SQLite provider's connection service: its connection setup (EF's SQL functions) is kept
public sealed class KeptOpenSqliteConnection(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
#pragma warning restore EF1001
{
    private DatabaseFileWatch? _watch;
    private bool _inMemory;

    // The watch's count of changes to the path when this connection last opened it; -1 before it was opened and after
    // it let go of a file.
    private long _openedAt = -1;

    // EF's opens not yet matched by a close: above zero, a statement runs inside an operation already under way (an
    // explicitly opened connection, a transaction, a reader being read), whose first open checked the file.
    private int _opens;

    public override bool Open(bool errorsExpected = false)
    {
        if (_opens == 0) LetGoIfTheFileIsGone();
        var changes = ChangesBeforeOpening();
        var opened = base.Open(errorsExpected);
        Opened(opened, changes);
        return opened;
    }

    public override async Task<bool> OpenAsync(CancellationToken cancellationToken, bool errorsExpected = false)
    {
        if (_opens == 0) LetGoIfTheFileIsGone();
        var changes = ChangesBeforeOpening();
        var opened = await base.OpenAsync(cancellationToken, errorsExpected);
        Opened(opened, changes);
        return opened;
    }

    // Read before the file is opened: a change while it is being opened then counts as one after.
    private long ChangesBeforeOpening()
    {
        if (DbConnection is not SqliteConnection { State: ConnectionState.Closed } sqlite) return _openedAt;
        if (_watch is null && !_inMemory)
        {
            var options = new SqliteConnectionStringBuilder(sqlite.ConnectionString);
            _inMemory = options.Mode == SqliteOpenMode.Memory || options.DataSource is "" or ":memory:";
            // A "file:" URI names its file in SQLite's own syntax: its path is looked at each time instead.
            if (!_inMemory && !options.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
                _watch = DatabaseFileWatch.For(options.DataSource);
        }
        return _watch?.Changes ?? 0;
    }

    private void Opened(bool opened, long changes)
    {
        if (opened) _openedAt = changes;
        _opens++;
    }

    public override bool Close()
    {
        if (_opens > 0) _opens--;
        return base.Close();
    }

    public override Task<bool> CloseAsync()
    {
        if (_opens > 0) _opens--;
        return base.CloseAsync();
    }

    /// <summary>Back in the pool: whatever the last user left open, the next one's first statement checks the file.</summary>
    protected override void ResetState(bool disposeDbConnection)
    {
        _opens = 0;
        base.ResetState(disposeDbConnection);
    }

    protected override ValueTask ResetStateAsync(bool disposeDbConnection)
    {
        _opens = 0;
        return base.ResetStateAsync(disposeDbConnection);
    }

    /// <summary>
    /// Kept open, unless something is left running on it: a query whose reader was never finished, or a transaction
    /// begun in SQL. Closing ends both, as it did when every operation closed its connection, so the next operation
    /// never starts inside them. Disposing the context closes it for real.
    /// </summary>
    protected override void CloseDbConnection()
    {
        if (Context is ReshipDbContext { KeepsConnectionOpen: false }) base.CloseDbConnection();
        else if (DbConnection is SqliteConnection { State: ConnectionState.Open } sqlite && LeftRunning(sqlite)) sqlite.Close();
    }

    protected override Task CloseDbConnectionAsync()
    {
        CloseDbConnection();
        return Task.CompletedTask;
    }

    private static bool LeftRunning(SqliteConnection sqlite) =>
        StatementCache.Of(sqlite).InUse > 0 || SQLitePCL.raw.sqlite3_get_autocommit(sqlite.Handle) == 0;

    /// <summary>
    /// An open connection follows its file wherever it is moved, keeps a deleted one alive, and goes on with the old
    /// file when another is moved over its path. Before each operation's first statement, the path's watch
    /// (<see cref="DatabaseFileWatch"/>) tells whether any of that happened since the connection opened it; if so, the
    /// connection is closed, and its handle (with every other idle one on the file) is dropped from
    /// Microsoft.Data.Sqlite's pool, so the statement opens the path again: the file now there is used, and a missing
    /// database is reported instead of being read or written past. Where the path is not watched, the file's presence
    /// is checked instead (one stat call each time). Never in the middle of a transaction or under an unfinished reader.
    /// </summary>
    private void LetGoIfTheFileIsGone()
    {
        if (DbConnection is not SqliteConnection { State: ConnectionState.Open } sqlite || CurrentTransaction is not null) return;
        if (_inMemory || _openedAt < 0) return;
        if (_watch is { Watching: true } watch ? watch.Changes == _openedAt : File.Exists(sqlite.DataSource)) return;
        if (StatementCache.Of(sqlite).InUse > 0) return;
        SqliteConnection.ClearPool(sqlite);
        sqlite.Close();
        _openedAt = -1;
    }
}

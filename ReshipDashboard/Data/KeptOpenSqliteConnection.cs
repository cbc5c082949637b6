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

    // The watch's count of changes when EF last opened this connection's file; -1 when not known (opened some other
    // way, or after it let go of a file).
    private long _openedAt = -1;

    // Open on an in-memory database: no file to follow.
    private bool _fileless;

    // EF's opens not yet matched by a close: above zero, a statement runs inside an operation already under way (an
    // explicitly opened connection, a transaction, a reader being read), whose first open checked the file.
    private int _opens;

    public override bool Open(bool errorsExpected = false)
    {
        if (_opens == 0) LetGoIfTheFileIsGone();
        var before = BeforeOpening();
        var opened = base.Open(errorsExpected);
        Opened(opened, before);
        return opened;
    }

    public override async Task<bool> OpenAsync(CancellationToken cancellationToken, bool errorsExpected = false)
    {
        if (_opens == 0) LetGoIfTheFileIsGone();
        var before = BeforeOpening();
        var opened = await base.OpenAsync(cancellationToken, errorsExpected);
        Opened(opened, before);
        return opened;
    }

    /// <summary>
    /// Before the file is opened: drops the idle handles Microsoft.Data.Sqlite pooled before the path last changed (one
    /// of them would be handed out), and reads the count of changes the connection starts from, so a change while it
    /// opens counts as one after. Null before any connection to the file was opened in the process.
    /// </summary>
    private long? BeforeOpening()
    {
        if (DbConnection is not SqliteConnection { State: ConnectionState.Closed } sqlite) return null;
        if ((_watch ??= DatabaseFileWatch.Known(sqlite.ConnectionString)) is not { } watch) return null;
        var changes = watch.Changes;
        if (watch.PoolToClear(changes)) SqliteConnection.ClearPool(sqlite);
        return changes;
    }

    private void Opened(bool opened, long? before)
    {
        _opens++;
        if (!opened || DbConnection is not SqliteConnection sqlite) return;
        // The file SQLite opened: an absolute path, links resolved. An in-memory database has none.
        var file = sqlite.DataSource;
        _fileless = !Path.IsPathFullyQualified(file);
        if (_fileless) return;
        if (_watch is null || before is null)
        {
            _watch = DatabaseFileWatch.For(sqlite.ConnectionString, file);
            _openedAt = _watch.Changes;
        }
        else _openedAt = before.Value;
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
    /// database is reported instead of being read or written past. A connection opened some other way has its path
    /// looked at (one stat call). Never in the middle of a transaction or under an unfinished reader.
    /// </summary>
    private void LetGoIfTheFileIsGone()
    {
        if (DbConnection is not SqliteConnection { State: ConnectionState.Open } sqlite || CurrentTransaction is not null) return;
        bool stillThere;
        if (_watch is { } watch && _openedAt >= 0) stillThere = watch.StillThere(_openedAt);
        else if (_fileless) return;
        else stillThere = sqlite.DataSource is not { } file || !Path.IsPathFullyQualified(file) || File.Exists(file);
        if (stillThere || StatementCache.Of(sqlite).InUse > 0) return;
        SqliteConnection.ClearPool(sqlite);
        sqlite.Close();
        _openedAt = -1;
    }
}

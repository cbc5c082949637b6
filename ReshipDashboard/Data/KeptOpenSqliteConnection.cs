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
    private string? _file;

    // EF's opens not yet matched by a close: above zero, a statement runs inside an operation already under way (an
    // explicitly opened connection, a transaction, a reader being read), whose first open checked the file.
    private int _opens;

    public override bool Open(bool errorsExpected = false)
    {
        if (_opens == 0) LetGoIfTheFileIsGone();
        var opened = base.Open(errorsExpected);
        _opens++;
        return opened;
    }

    public override async Task<bool> OpenAsync(CancellationToken cancellationToken, bool errorsExpected = false)
    {
        if (_opens == 0) LetGoIfTheFileIsGone();
        var opened = await base.OpenAsync(cancellationToken, errorsExpected);
        _opens++;
        return opened;
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
    /// An open connection follows its file wherever it is moved, and keeps a deleted one alive. The file's path is
    /// checked before each operation's first statement (one stat call): once nothing is there, the connection is
    /// closed, and its handle (with every other idle one on the file) is dropped from Microsoft.Data.Sqlite's pool, so
    /// the statement opens the path again and a missing database is reported instead of being read or written past.
    /// Never in the middle of a transaction or under an unfinished reader.
    /// </summary>
    private void LetGoIfTheFileIsGone()
    {
        if (DbConnection is not SqliteConnection { State: ConnectionState.Open } sqlite || CurrentTransaction is not null) return;
        // The open file's full path, read from SQLite once (each read allocates it anew); empty for an in-memory database.
        _file ??= sqlite.DataSource;
        if (_file.Length == 0 || File.Exists(_file) || StatementCache.Of(sqlite).InUse > 0) return;
        SqliteConnection.ClearPool(sqlite);
        sqlite.Close();
    }
}

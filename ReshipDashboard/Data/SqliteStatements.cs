using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReshipDashboard.Data;

// SQLite compiles every statement before it runs it, and for the app's small reads that compiling costs as much as
// the reading. Microsoft.Data.Sqlite keeps a command's compiled statement for as long as the command and its
// connection live, but EF makes a new command for every statement and closes the connection after every operation
// (which also drops every statement compiled on it). Here a pooled context keeps its connection open for as long as
// the context lives, and each connection keeps its most recently used statements compiled, one command per SQL text.

/// <summary>
/// Hands EF a command that runs on the connection's compiled statement for its SQL text, compiled once and kept
/// (<see cref="StatementCache"/>). Other providers' commands are left alone.
/// </summary>
public sealed class StatementReuse : DbCommandInterceptor
{
    public override InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
        eventData.Connection is SqliteConnection sqlite && !result.HasResult
            ? InterceptionResult<DbCommand>.SuppressWithResult(new ReusedSqliteCommand(StatementCache.Of(sqlite)))
            : result;
}

/// <summary>
/// One connection's compiled statements: a command per SQL text, the <see cref="Capacity"/> most recently used kept
/// (older ones are disposed, which frees their statements). Emptied when the connection closes, since closing disposes
/// every command on it. A connection is used by one operation at a time; a text already running (a reader still open)
/// gets a command of its own for the while.
/// </summary>
public sealed class StatementCache
{
    public const int Capacity = 64;

    private static readonly ConditionalWeakTable<SqliteConnection, StatementCache> Caches = new();

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, LinkedListNode<SqliteCommand>> _idle = new(SqlTextComparer.Instance);
    private readonly LinkedList<SqliteCommand> _recent = new();
    private readonly HashSet<SqliteCommand> _out = new(ReferenceEqualityComparer.Instance);

    private StatementCache(SqliteConnection connection)
    {
        _connection = connection;
        connection.StateChange += (_, e) =>
        {
            if (e.CurrentState == ConnectionState.Closed) Clear();
        };
    }

    public static StatementCache Of(SqliteConnection connection) => Caches.GetValue(connection, c => new StatementCache(c));

    public SqliteConnection Connection => _connection;

    /// <summary>How many texts have a command waiting.</summary>
    public int Count => _idle.Count;

    /// <summary>How many commands this cache has made (each compiles its statement on its first run).</summary>
    public int Created { get; private set; }

    /// <summary>How many commands are rented and not yet returned (a query running, or a reader not yet finished).</summary>
    public int InUse => _out.Count;

    /// <summary>The text's command, taken out of the cache until <see cref="Return"/>; a new one if none is waiting.</summary>
    public SqliteCommand Rent(string text)
    {
        if (_idle.Remove(text, out var node))
        {
            _recent.Remove(node);
            var command = node.Value;
            command.Transaction = null;
            command.CommandTimeout = _connection.DefaultTimeout;
            _out.Add(command);
            return command;
        }
        var created = _connection.CreateCommand();
        created.CommandText = text;
        Created++;
        _out.Add(created);
        return created;
    }

    /// <summary>Puts a command back for its text's next run (a second one for the same text is disposed).</summary>
    public void Return(SqliteCommand command)
    {
        var current = _out.Remove(command); // not when rented before the connection closed
        command.Parameters.Clear();
        command.Transaction = null;
        if (!current || _connection.State != ConnectionState.Open)
        {
            command.Dispose();
            return;
        }
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_idle, command.CommandText, out var waiting);
        if (waiting)
        {
            command.Dispose();
            return;
        }
        slot = _recent.AddFirst(command);
        while (_recent.Count > Capacity)
        {
            var oldest = _recent.Last!;
            _recent.RemoveLast();
            _idle.Remove(oldest.Value.CommandText);
            oldest.Value.Dispose();
        }
    }

    private void Clear()
    {
        foreach (var command in _recent) command.Dispose();
        _recent.Clear();
        _idle.Clear();
        _out.Clear();
    }
}

/// <summary>
/// SQL texts compared in full, but hashed by their length and three short stretches (start, middle, end): a query's
/// text runs to kilobytes, and hashing all of it on every rent and return would be a noticeable part of a small read.
/// Texts that agree in all three stretches share a hash and are told apart by the full comparison.
/// </summary>
internal sealed class SqlTextComparer : IEqualityComparer<string>
{
    public static readonly SqlTextComparer Instance = new();

    private const int Stretch = 32;

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string text)
    {
        var span = text.AsSpan();
        if (span.Length <= 3 * Stretch) return string.GetHashCode(span, StringComparison.Ordinal);
        return HashCode.Combine(span.Length,
            string.GetHashCode(span[..Stretch], StringComparison.Ordinal),
            string.GetHashCode(span.Slice(span.Length / 2 - Stretch / 2, Stretch), StringComparison.Ordinal),
            string.GetHashCode(span[^Stretch..], StringComparison.Ordinal));
    }
}

/// <summary>
/// The command EF is given: it takes the connection's command for the SQL text EF sets, runs on it, and puts it back
/// when EF disposes it.
/// </summary>
internal sealed class ReusedSqliteCommand(StatementCache cache) : DbCommand
{
    private SqliteCommand? _inner;
    private SqliteCommand? _unset;

    private bool _disposed;

    private SqliteCommand Inner => _disposed ? throw new ObjectDisposedException(nameof(ReusedSqliteCommand))
        : _inner ?? (_unset ??= cache.Connection.CreateCommand());

    [AllowNull]
    public override string CommandText
    {
        get => _inner?.CommandText ?? _unset?.CommandText ?? string.Empty;
        set
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var text = value ?? string.Empty;
            if (_inner?.CommandText == text) return;
            if (_inner is not null) cache.Return(_inner);
            _inner = cache.Rent(text);
            if (_unset is not null)
            {
                var parameters = _unset.Parameters.Cast<SqliteParameter>().ToArray();
                _unset.Parameters.Clear();
                _inner.Parameters.AddRange(parameters);
                _inner.CommandTimeout = _unset.CommandTimeout;
                _inner.Transaction = _unset.Transaction;
                _unset.Dispose();
                _unset = null;
            }
        }
    }

    public override int CommandTimeout { get => Inner.CommandTimeout; set => Inner.CommandTimeout = value; }

    public override CommandType CommandType { get => Inner.CommandType; set => Inner.CommandType = value; }

    public override bool DesignTimeVisible { get => Inner.DesignTimeVisible; set => Inner.DesignTimeVisible = value; }

    public override UpdateRowSource UpdatedRowSource { get => Inner.UpdatedRowSource; set => Inner.UpdatedRowSource = value; }

    protected override DbConnection? DbConnection
    {
        get => cache.Connection;
        set
        {
            if (value is not null && value != cache.Connection)
                throw new InvalidOperationException("A reused SQLite command stays on the connection it was made for.");
        }
    }

    protected override DbParameterCollection DbParameterCollection => Inner.Parameters;

    protected override DbTransaction? DbTransaction { get => Inner.Transaction; set => Inner.Transaction = (SqliteTransaction?)value; }

    public override void Cancel() => Inner.Cancel();

    public override int ExecuteNonQuery() => Inner.ExecuteNonQuery();

    public override object? ExecuteScalar() => Inner.ExecuteScalar();

    public override void Prepare() => Inner.Prepare();

    protected override DbParameter CreateDbParameter() => Inner.CreateParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Inner.ExecuteReader(behavior);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Inner.ExecuteReaderAsync(behavior, cancellationToken);

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Inner.ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Inner.ExecuteScalarAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (_inner is not null) cache.Return(_inner);
            _inner = null;
            _unset?.Dispose();
            _unset = null;
        }
        base.Dispose(disposing);
    }
}

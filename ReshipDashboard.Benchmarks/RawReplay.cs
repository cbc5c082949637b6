using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReshipDashboard.Benchmarks;

/// <summary>
/// The raw baseline of an operation: the statements EF sent for it (recorded once from EF's diagnostics), run again
/// as prepared Microsoft.Data.Sqlite commands on the same file, reading every value of every row.
/// </summary>
public sealed class RawReplay : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];

    private RawReplay(SqliteConnection connection) => _connection = connection;

    public IReadOnlyList<string> Statements => _commands.Select(c => c.CommandText).ToList();

    public static async Task<RawReplay> RecordAsync(string connectionString, Func<Task> operation)
    {
        var recorded = new List<(string Sql, (string Name, object? Value)[] Parameters)>();
        using (new Recorder(recorded))
        {
            await Recorder.ListeningAsync();
            await operation();
        }
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        var replay = new RawReplay(connection);
        foreach (var (sql, parameters) in recorded.Where(r => r.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)))
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            command.Prepare();
            replay._commands.Add(command);
        }
        return replay;
    }

    /// <summary>Runs every statement and reads all it answers; returns the number of values read.</summary>
    public int Run()
    {
        var values = 0;
        foreach (var command in _commands)
        {
            using var reader = command.ExecuteReader();
            do
            {
                while (reader.Read())
                    for (var i = 0; i < reader.FieldCount; i++, values++)
                        _ = reader.IsDBNull(i) ? null : reader.GetValue(i);
            } while (reader.NextResult());
        }
        return values;
    }

    public void Dispose()
    {
        foreach (var command in _commands) command.Dispose();
        _connection.Dispose();
    }

    internal sealed class Recorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<(string, (string, object?)[])> _into;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly IDisposable _all;

        // Only the recorded operation's own statements: not those of anything else running in the process meanwhile.
        private static readonly AsyncLocal<Recorder?> Active = new();

        public Recorder(List<(string, (string, object?)[])> into)
        {
            _into = into;
            Active.Value = this;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        /// <summary>
        /// Waits out EF's logging cache: a context remembers for a second (its default LoggingCacheTime) that nobody
        /// listened to its commands, and pooled contexts are reused well within that second.
        /// </summary>
        public static Task ListeningAsync() => Task.Delay(TimeSpan.FromSeconds(1.2));

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
                lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != RelationalEventId.CommandExecuting.Name || value.Value is not CommandEventData { Command: var command }
                || !ReferenceEquals(Active.Value, this)) return;
            lock (_into)
                _into.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToArray()));
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            Active.Value = null;
            _all.Dispose();
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }
}

/// <summary>
/// The raw baseline of a write: every row it inserted or changed, read back from the app's file and written again on
/// a copy taken just before it, one prepared statement per row (an INSERT of every column, or an UPDATE of every
/// column by id), in one transaction.
/// </summary>
public sealed class RowReplay
{
    private readonly List<(string Table, string[] Columns, List<object?[]> Rows, bool Update)> _sets = [];

    public int Count => _sets.Sum(s => s.Rows.Count);

    /// <summary>Each table's largest id, taken before the write: rows above it are the ones it inserted.</summary>
    public static Dictionary<string, long> LastIds(SqliteConnection connection)
    {
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables(connection))
        {
            if (!Columns(connection, table).Contains("Id")) continue;
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{table}\"";
            last[table] = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return last;
    }

    /// <summary>The rows the write left in <paramref name="app"/>: those above <paramref name="lastIds"/>, and <paramref name="updatedIds"/> of <paramref name="updatedTable"/>.</summary>
    public static RowReplay Read(SqliteConnection app, IReadOnlyDictionary<string, long> lastIds, string updatedTable, IReadOnlyCollection<int> updatedIds)
    {
        var replay = new RowReplay();
        foreach (var (table, last) in lastIds)
        {
            var columns = Columns(app, table);
            var rows = ReadRows(app, $"SELECT {List(columns)} FROM \"{table}\" WHERE \"Id\" > {last} ORDER BY \"Id\"", columns.Length);
            if (rows.Count > 0) replay._sets.Add((table, columns, rows, false));
        }
        var all = Columns(app, updatedTable);
        var changed = new List<object?[]>();
        foreach (var chunk in updatedIds.Chunk(500))
            changed.AddRange(ReadRows(app, $"SELECT {List(all)} FROM \"{updatedTable}\" WHERE \"Id\" IN ({string.Join(',', chunk)})", all.Length));
        replay._sets.Add((updatedTable, all, changed, true));
        return replay;
    }

    public void RunInOneTransaction(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var (table, columns, rows, update) in _sets)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = update
                ? $"UPDATE \"{table}\" SET {string.Join(", ", columns.Select((c, i) => $"\"{c}\" = $p{i}"))} WHERE \"Id\" = $p{Array.IndexOf(columns, "Id")}"
                : $"INSERT INTO \"{table}\" ({List(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            for (var i = 0; i < columns.Length; i++) command.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" });
            command.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < row.Length; i++) command.Parameters[i].Value = row[i] ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    private static string List(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"\"{c}\""));

    private static List<object?[]> ReadRows(SqliteConnection connection, string sql, int width)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[width];
            for (var i = 0; i < width; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static List<string> Tables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    private static string[] Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table.Replace("'", "''", StringComparison.Ordinal)}')";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return [.. columns];
    }
}

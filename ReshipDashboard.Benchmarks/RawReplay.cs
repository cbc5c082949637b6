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

    /// <summary>Records every INSERT, UPDATE and DELETE an operation sends, with its parameters, to run them again raw.</summary>
    public static async Task<WriteReplay> RecordWritesAsync(Func<Task> operation)
    {
        var recorded = new List<(string Sql, (string Name, object? Value)[] Parameters)>();
        using (new Recorder(recorded))
        {
            await Recorder.ListeningAsync();
            await operation();
        }
        string[] writes = ["INSERT", "UPDATE", "DELETE"];
        return new WriteReplay(recorded.Where(r => writes.Any(w => r.Sql.TrimStart().StartsWith(w, StringComparison.OrdinalIgnoreCase))).ToList());
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

/// <summary>The writes of an operation, run again as prepared commands (one per distinct statement) in one transaction.</summary>
public sealed class WriteReplay(IReadOnlyList<(string Sql, (string Name, object? Value)[] Parameters)> statements)
{
    public int Count => statements.Count;

    public void RunInOneTransaction(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var prepared = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        try
        {
            foreach (var (sql, parameters) in statements)
            {
                if (!prepared.TryGetValue(sql, out var command))
                {
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = sql;
                    foreach (var (name, _) in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
                    command.Prepare();
                    prepared[sql] = command;
                }
                for (var i = 0; i < parameters.Length; i++) command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        finally
        {
            foreach (var command in prepared.Values) command.Dispose();
        }
    }
}

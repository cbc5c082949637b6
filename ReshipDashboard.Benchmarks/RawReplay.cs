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
            await operation();
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

    private sealed class Recorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<(string, (string, object?)[])> _into;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly IDisposable _all;

        public Recorder(List<(string, (string, object?)[])> into)
        {
            _into = into;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
                lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != RelationalEventId.CommandExecuting.Name || value.Value is not CommandEventData { Command: var command }) return;
            lock (_into)
                _into.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToArray()));
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }
}

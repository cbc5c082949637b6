using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

/// <summary>
/// Records the commands a test's action makes EF send to one database (other tests run beside this one on databases of
/// their own, and the app's background services on this one), then asks the engine how it would run each with the same parameters: SQLite's <c>EXPLAIN QUERY PLAN</c>
/// (<see cref="SqliteQueryPlans"/>) or PostgreSQL's <c>EXPLAIN (FORMAT JSON)</c> (<see cref="PostgresQueryPlans"/>).
/// </summary>
public abstract class QueryPlanRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    /// <summary>The big tables: never read whole.</summary>
    public static readonly string[] Guarded = ["Orders", "OrderItems", "Shipments", "ShipmentEvents"];

    private readonly ConcurrentQueue<(string Sql, DbParameter[] Parameters)> _commands = new();

    // The current recording's token, set for the recorded action's own flow: the app's background services share the
    // database, and their statements are not the action's. A token, not a flag: a task the action started and left
    // running keeps the token of its recording, which no later recording has.
    private readonly AsyncLocal<object?> _recording = new();
    private object? _current;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    protected QueryPlanRecorder() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>A recorder for the database <paramref name="db"/> is connected to.</summary>
    public static QueryPlanRecorder For(DbContext db) => db.Database.IsNpgsql()
        ? new PostgresQueryPlans(db.Database.GetConnectionString()!)
        : new SqliteQueryPlans(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);

    /// <summary>
    /// Runs <paramref name="action"/> (a read) and returns the SELECT statements it sent, not those the app's background
    /// services sent meanwhile. A pooled context that found
    /// nobody listening remembers that for EF's logging cache time (a second) and reports nothing meanwhile: the read
    /// is then run again until its statements show, for up to five seconds.
    /// </summary>
    public async Task<IReadOnlyList<(string Sql, DbParameter[] Parameters)>> RecordAsync(Func<Task> action)
    {
        List<(string Sql, DbParameter[] Parameters)> selects = [];
        try
        {
            await Eventually.WaitUntilAsync(async () =>
            {
                _commands.Clear();
                var token = new object();
                Volatile.Write(ref _current, token);
                _recording.Value = token;
                try { await action(); }
                finally
                {
                    _recording.Value = null;
                    Volatile.Write(ref _current, null);
                }
                selects = _commands.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
                return selects.Count > 0;
            }, "EF reports the read's statements", TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Nothing was reported: the caller's own assertion says so.
        }
        return selects;
    }

    /// <summary>Every plan line that reads a guarded table whole, with the statement it came from; empty when none does.</summary>
    public abstract IReadOnlyList<string> FullScans(string sql, DbParameter[] parameters);

    /// <summary>Whether <paramref name="command"/> goes to this recorder's database.</summary>
    protected abstract bool IsOurs(DbCommand command);

    /// <summary>A copy of a parameter to send again on another connection.</summary>
    protected abstract DbParameter Copy(DbParameter parameter);

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != RelationalEventId.CommandExecuting.Name || value.Value is not CommandEventData data) return;
        if (_recording.Value is not { } token || token != Volatile.Read(ref _current) || !IsOurs(data.Command)) return;
        _commands.Enqueue((data.Command.CommandText, data.Command.Parameters.Cast<DbParameter>().Select(Copy).ToArray()));
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        GC.SuppressFinalize(this);
    }
}

using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReshipDashboard.Tests.Data;

/// <summary>
/// Records every command EF sends to one database file (other tests run beside this one on files of their own),
/// then asks SQLite how it would run each: <c>EXPLAIN QUERY PLAN</c> with the same parameters.
/// </summary>
public sealed partial class QueryPlanRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    /// <summary>The big tables: never read whole.</summary>
    public static readonly string[] Guarded = ["Orders", "OrderItems", "Shipments", "ShipmentEvents"];

    private readonly string _databasePath;
    private readonly ConcurrentQueue<(string Sql, (string Name, object? Value)[] Parameters)> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public QueryPlanRecorder(string databasePath)
    {
        _databasePath = Path.GetFullPath(databasePath);
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Runs <paramref name="action"/> and returns the SELECT statements it sent.</summary>
    public async Task<IReadOnlyList<(string Sql, (string Name, object? Value)[] Parameters)>> RecordAsync(Func<Task> action)
    {
        _commands.Clear();
        await action();
        return _commands.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Every plan line that reads a guarded table whole, with the statement it came from; empty when none does.</summary>
    public IReadOnlyList<string> FullScans(string sql, (string Name, object? Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={_databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var partialIndexes = new HashSet<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'";
            using var reader = list.ExecuteReader();
            while (reader.Read()) partialIndexes.Add(reader.GetString(0));
        }

        var aliases = TableAlias().Matches(sql).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        foreach (var table in Guarded) aliases.TryAdd(table, table);
        var limited = sql.Contains("LIMIT", StringComparison.OrdinalIgnoreCase);

        var plan = new List<(int Id, int Parent, string Detail)>();
        using (var explain = connection.CreateCommand())
        {
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            using var reader = explain.ExecuteReader();
            while (reader.Read()) plan.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetString(3)));
        }

        var problems = new List<string>();
        // A guarded table read inside a subquery that is sorted afterwards is read over its whole range before the
        // page is cut (a DISTINCT subquery under ORDER BY … LIMIT, say), however good its index.
        var sortedAtTop = plan.Any(p => p.Parent == 0 && p.Detail.StartsWith("USE TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));
        foreach (var (_, parent, detail) in plan)
        {
            if (!sortedAtTop || ReadLine().Match(detail) is not { Success: true } read
                || !aliases.TryGetValue(read.Groups[1].Value, out var readTable) || !Guarded.Contains(readTable)) continue;
            for (var up = parent; up != 0; up = plan.FirstOrDefault(p => p.Id == up).Parent)
            {
                var node = plan.FirstOrDefault(p => p.Id == up).Detail ?? "";
                if (node.StartsWith("CO-ROUTINE", StringComparison.Ordinal) || node.StartsWith("MATERIALIZE", StringComparison.Ordinal))
                {
                    problems.Add($"{detail} (whole range, sorted afterwards)  ⟵  {sql}");
                    break;
                }
            }
        }
        foreach (var (_, parent, detail) in plan)
        {
            var scan = ScanLine().Match(detail);
            if (!scan.Success || !aliases.TryGetValue(scan.Groups[1].Value, out var table) || !Guarded.Contains(table)) continue;
            var index = scan.Groups[2].Success ? scan.Groups[2].Value : null;
            // A partial index holds only the rows asked for; an index read in the wanted order under a LIMIT stops
            // after the page (no sorting of the whole table first).
            if (index is not null && partialIndexes.Contains(index)) continue;
            var sortsAfter = plan.Any(p => p.Parent == parent && p.Detail.StartsWith("USE TEMP B-TREE FOR", StringComparison.Ordinal));
            if (index is not null && limited && !sortsAfter) continue;
            problems.Add($"{detail}  ⟵  {sql}");
        }
        return problems;
    }

    [GeneratedRegex("\"(\\w+)\" AS \"(\\w+)\"")]
    private static partial Regex TableAlias();

    [GeneratedRegex("^(?:SEARCH|SCAN) (\\w+)")]
    private static partial Regex ReadLine();

    [GeneratedRegex("^SCAN (\\w+)(?: USING (?:COVERING )?INDEX (\\w+))?")]
    private static partial Regex ScanLine();

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != RelationalEventId.CommandExecuting.Name || value.Value is not CommandEventData data) return;
        if (data.Command is not SqliteCommand { Connection: { } connection } command) return;
        if (!string.Equals(Path.GetFullPath(connection.DataSource), _databasePath, StringComparison.Ordinal)) return;
        _commands.Enqueue((command.CommandText,
            command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToArray()));
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
    }
}

using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace ReshipDashboard.Tests.Data;

/// <summary>SQLite: <c>EXPLAIN QUERY PLAN</c> of each recorded statement on a read-only connection to the same file.</summary>
public sealed partial class SqliteQueryPlans(string databasePath) : QueryPlanRecorder
{
    private readonly string _databasePath = Path.GetFullPath(databasePath);

    protected override bool IsOurs(DbCommand command) =>
        command.Connection is SqliteConnection connection
        && string.Equals(Path.GetFullPath(connection.DataSource), _databasePath, StringComparison.Ordinal);

    protected override DbParameter Copy(DbParameter parameter) => new SqliteParameter(parameter.ParameterName, parameter.Value ?? DBNull.Value);

    public override IReadOnlyList<string> FullScans(string sql, DbParameter[] parameters)
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

        // Unique indexes with their column counts: a search with every column equal to a value reads one row.
        var uniqueIndexes = new Dictionary<string, int>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT i.name, (SELECT COUNT(*) FROM pragma_index_info(i.name)) FROM sqlite_master t, pragma_index_list(t.name) i "
                + "WHERE t.type = 'table' AND i.\"unique\" = 1";
            using var reader = list.ExecuteReader();
            while (reader.Read()) uniqueIndexes[reader.GetString(0)] = reader.GetInt32(1);
        }

        var aliases = TableAlias().Matches(sql).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        foreach (var table in Guarded) aliases.TryAdd(table, table);
        var limited = sql.Contains("LIMIT", StringComparison.OrdinalIgnoreCase);

        var plan = new List<(int Id, int Parent, string Detail)>();
        using (var explain = connection.CreateCommand())
        {
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var p in parameters) explain.Parameters.AddWithValue(p.ParameterName, p.Value ?? DBNull.Value);
            using var reader = explain.ExecuteReader();
            while (reader.Read()) plan.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetString(3)));
        }

        var problems = new List<string>();
        // A guarded table read inside a subquery that is sorted afterwards is read over its whole range before the
        // page is cut (a DISTINCT subquery under ORDER BY … LIMIT, say), however good its index. Not a search of one
        // row by a unique key: what is sorted then is that row's joined rows.
        var sortedAtTop = plan.Any(p => p.Parent == 0 && p.Detail.StartsWith("USE TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));
        foreach (var (_, parent, detail) in plan)
        {
            if (!sortedAtTop || ReadLine().Match(detail) is not { Success: true } read
                || !aliases.TryGetValue(read.Groups[1].Value, out var readTable) || !Guarded.Contains(readTable)
                || OneRow(detail, uniqueIndexes)) continue;
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
        // A search of an index on a column of a few values (a parcel's kind, say) is a read of a large part of the
        // table all the same: every original parcel of the shop for "Kind=?".
        foreach (var (_, parent, detail) in plan)
        {
            var search = SearchLine().Match(detail);
            if (!search.Success || !aliases.TryGetValue(search.Groups[1].Value, out var table) || !Guarded.Contains(table)) continue;
            var index = search.Groups[2].Value;
            var constrained = search.Groups[3].Value.Split(" AND ").Select(c => ConstrainedColumn().Match(c).Value).ToList();
            if (partialIndexes.Contains(index) || !constrained.All(FewValued.Contains)) continue;
            var sortsAfter = plan.Any(p => p.Parent == parent && p.Detail.StartsWith("USE TEMP B-TREE FOR", StringComparison.Ordinal));
            if (limited && !sortsAfter) continue;
            problems.Add($"{detail} (every row of that value)  ⟵  {sql}");
        }
        return problems;
    }

    /// <summary>A search of a unique index with each of its columns equal to one value.</summary>
    private static bool OneRow(string detail, Dictionary<string, int> uniqueIndexes) =>
        SearchLine().Match(detail) is { Success: true } search
        && uniqueIndexes.TryGetValue(search.Groups[2].Value, out var columns)
        && search.Groups[3].Value.Split(" AND ") is var constraints
        && constraints.Length == columns && constraints.All(c => c.EndsWith("=?", StringComparison.Ordinal));

    [GeneratedRegex("\"(\\w+)\" AS \"(\\w+)\"")]
    private static partial Regex TableAlias();

    [GeneratedRegex("^(?:SEARCH|SCAN) (\\w+)")]
    private static partial Regex ReadLine();

    /// <summary>The guarded tables' columns of a few values each: an index search on them alone reads a large part of the table.</summary>
    private static readonly HashSet<string> FewValued = ["Kind", "Status", "Carrier", "NeedsReissue"];

    [GeneratedRegex("^SEARCH (\\w+) USING (?:COVERING )?INDEX (\\w+) \\((.+)\\)$")]
    private static partial Regex SearchLine();

    [GeneratedRegex("^\\w+")]
    private static partial Regex ConstrainedColumn();

    [GeneratedRegex("^SCAN (\\w+)(?: USING (?:COVERING )?INDEX (\\w+))?")]
    private static partial Regex ScanLine();
}

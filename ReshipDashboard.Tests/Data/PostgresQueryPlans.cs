using System.Data.Common;
using System.Text.Json;
using Npgsql;

namespace ReshipDashboard.Tests.Data;

/// <summary>
/// PostgreSQL: <c>EXPLAIN (FORMAT JSON)</c> of each recorded statement with sequential scans, hash joins and merge
/// joins switched off on that session: a small test shop is then planned as a big one would be, each table reached
/// through an index wherever one can serve (a join looks each row up by its key), and read sequentially or whole
/// only when no index can. Fails on any sequential
/// scan of the big tables and of the request tables (<see cref="SeqScanGuarded"/>), and — as on SQLite — on an index
/// of a big table read whole without a condition unless it is partial or read in the wanted order under a LIMIT.
/// </summary>
public sealed class PostgresQueryPlans : QueryPlanRecorder
{
    /// <summary>Never read sequentially.</summary>
    public static readonly string[] SeqScanGuarded = [.. Guarded, "Reissues", "ReshipRequests"];

    /// <summary>Nodes that read all their input before giving the first row: a LIMIT above them does not stop the read below.</summary>
    private static readonly string[] ReadsAllInput = ["Sort", "Hash", "Aggregate", "WindowAgg", "SetOp", "Materialize"];

    private readonly string _connectionString;
    private readonly string _database;
    private readonly HashSet<string> _partialIndexes = [];

    public PostgresQueryPlans(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        _connectionString = builder.ToString();
        _database = builder.Database!;
        using var connection = Open();
        using (var analyze = new NpgsqlCommand("ANALYZE", connection)) analyze.ExecuteNonQuery();
        using var list = new NpgsqlCommand("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '% WHERE %'", connection);
        using var reader = list.ExecuteReader();
        while (reader.Read()) _partialIndexes.Add(reader.GetString(0));
    }

    protected override bool IsOurs(DbCommand command) =>
        command is NpgsqlCommand { Connection: { } connection } && connection.Database == _database;

    protected override DbParameter Copy(DbParameter parameter) => ((NpgsqlParameter)parameter).Clone();

    public override IReadOnlyList<string> FullScans(string sql, DbParameter[] parameters)
    {
        using var connection = Open();
        using (var off = new NpgsqlCommand("SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off", connection)) off.ExecuteNonQuery();
        using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
        foreach (var p in parameters) explain.Parameters.Add(((NpgsqlParameter)p).Clone());
        using var plan = JsonDocument.Parse((string)explain.ExecuteScalar()!);
        var problems = new List<string>();
        Walk(plan.RootElement[0].GetProperty("Plan"), pagedInOrder: false, problems, sql);
        return problems;
    }

    private void Walk(JsonElement node, bool pagedInOrder, List<string> problems, string sql)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        if (node.TryGetProperty("Parent Relationship", out var relationship) && relationship.GetString() is "InitPlan" or "SubPlan")
            pagedInOrder = false;
        if (type == "Limit") pagedInOrder = true;
        else if (ReadsAllInput.Contains(type)) pagedInOrder = false;

        if (node.TryGetProperty("Relation Name", out var relation) && relation.GetString() is { } table && SeqScanGuarded.Contains(table))
        {
            var index = node.TryGetProperty("Index Name", out var name) ? name.GetString() : null;
            var whole = type == "Seq Scan"
                || (type is "Index Scan" or "Index Only Scan" && Guarded.Contains(table) && !node.TryGetProperty("Index Cond", out _)
                    && !_partialIndexes.Contains(index!) && !pagedInOrder);
            if (whole) problems.Add($"{type} on {table}{(index is null ? "" : $" using {index}")}  ⟵  {sql}");
        }

        if (node.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray()) Walk(child, pagedInOrder, problems, sql);
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        return connection;
    }
}

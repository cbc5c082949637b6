using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace ReshipDashboard.Data.Seeding;

/// <summary>
/// PostgreSQL: binary COPY per table and batch, principals before their dependents (so every constraint is
/// checked as usual). The identity sequences are moved past the keys given here when done, so the
/// app's own inserts continue after the seeded rows.
/// </summary>
internal sealed class PostgresSeedWriter : SeedWriter
{
    private PostgresSeedWriter(NpgsqlConnection connection, IModel model) : base(connection, model) { }

    public static async Task<SeedWriter> OpenAsync(string connectionString, IModel model, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return new PostgresSeedWriter(connection, model);
    }

    protected override void WriteRows(IReadOnlyList<SeedRow> rows, DbTransaction transaction)
    {
        foreach (var group in PrincipalsFirst(rows))
        {
            var type = group.Key.Type;
            var columns = type.Columns;
            var types = columns.Select(c => BaseTypeName(c.Mapping.Column.StoreType)).ToArray();
            var copy = $"COPY \"{type.EntityType.GetTableName()}\" ("
                + string.Join(", ", columns.Select(c => $"\"{c.Mapping.Column.Name}\"")) + ") FROM STDIN (FORMAT BINARY)";
            using var importer = ((NpgsqlConnection)Connection).BeginBinaryImport(copy);
            foreach (var row in group)
            {
                importer.StartRow();
                for (var i = 0; i < columns.Count; i++)
                {
                    if (row.Stored(columns[i]) is { } value) importer.Write(value, types[i]);
                    else importer.WriteNull();
                }
            }
            importer.Complete();
        }
    }

    /// <summary>
    /// The rows grouped by table and by depth: a row comes after every added row its foreign keys point at. Row by
    /// row rather than table by table, because tables point at each other (a reissue replaces a shipment and has a
    /// shipment of its own) while rows never do.
    /// </summary>
    private static IEnumerable<IGrouping<(int Depth, SeedType Type), SeedRow>> PrincipalsFirst(IReadOnlyList<SeedRow> rows)
    {
        var byKey = new Dictionary<(IEntityType, object), SeedRow>();
        foreach (var row in rows)
            if (row.Type.Key is { } key && key.Get(row.Entity) is { } value)
                byKey[(row.Type.EntityType, value)] = row;

        var depths = new Dictionary<SeedRow, int>(ReferenceEqualityComparer.Instance);
        int Depth(SeedRow row)
        {
            if (depths.TryGetValue(row, out var known)) return known;
            depths[row] = 0;
            var depth = 0;
            foreach (var fk in row.Type.EntityType.GetForeignKeys())
            {
                if (fk.Properties is [var property] && row.Value(property) is { } value
                    && byKey.TryGetValue((fk.PrincipalEntityType, value), out var principal) && !ReferenceEquals(principal, row))
                    depth = Math.Max(depth, Depth(principal) + 1);
            }
            return depths[row] = depth;
        }

        return rows.GroupBy(r => (Depth: Depth(r), r.Type)).OrderBy(g => g.Key.Depth).ThenBy(g => g.Key.Type.EntityType.Name, StringComparer.Ordinal);
    }

    /// <summary>"character varying(20)" → "character varying": the type without its length or precision.</summary>
    private static string BaseTypeName(string storeType) =>
        storeType.IndexOf('(', StringComparison.Ordinal) is var open and > 0 ? storeType[..open].TrimEnd() : storeType;

    public override async ValueTask DisposeAsync()
    {
        foreach (var (table, column, last) in GivenKeys)
        {
            await using var command = Connection.CreateCommand();
            command.CommandText = "SELECT setval(pg_get_serial_sequence(@table, @column), @last)";
            command.Parameters.Add(new NpgsqlParameter("table", $"\"{table}\""));
            command.Parameters.Add(new NpgsqlParameter("column", column));
            command.Parameters.Add(new NpgsqlParameter("last", last));
            await command.ExecuteScalarAsync();
        }
        await Connection.DisposeAsync();
    }
}

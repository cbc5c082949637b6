using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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
    private PostgresSeedWriter(NpgsqlConnection connection) : base(connection) { }

    public static async Task<SeedWriter> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return new PostgresSeedWriter(connection);
    }

    protected override void Write(IReadOnlyList<EntityEntry> added, DbTransaction transaction)
    {
        foreach (var group in PrincipalsFirst(added))
        {
            var entityType = group.Key.Type;
            var columns = Columns(entityType);
            var types = columns.Select(c => BaseTypeName(c.Column.StoreType)).ToArray();
            var copy = $"COPY \"{entityType.GetTableName()}\" ("
                + string.Join(", ", columns.Select(c => $"\"{c.Column.Name}\"")) + ") FROM STDIN (FORMAT BINARY)";
            using var importer = ((NpgsqlConnection)Connection).BeginBinaryImport(copy);
            foreach (var entry in group)
            {
                importer.StartRow();
                var values = entry.CurrentValues;
                for (var i = 0; i < columns.Count; i++)
                {
                    if (StoredValue(entry, values, columns[i]) is { } value) importer.Write(value, types[i]);
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
    private static IEnumerable<IGrouping<(int Depth, IEntityType Type), EntityEntry>> PrincipalsFirst(IReadOnlyList<EntityEntry> added)
    {
        var byKey = new Dictionary<(IEntityType, object), EntityEntry>();
        foreach (var entry in added)
            if (entry.Metadata.FindPrimaryKey()!.Properties is [var key] && entry.Property(key).CurrentValue is { } value)
                byKey[(entry.Metadata, value)] = entry;

        var depths = new Dictionary<EntityEntry, int>();
        int Depth(EntityEntry entry)
        {
            if (depths.TryGetValue(entry, out var known)) return known;
            depths[entry] = 0;
            var depth = 0;
            foreach (var fk in entry.Metadata.GetForeignKeys())
            {
                if (fk.Properties is [var property] && entry.Property(property).CurrentValue is { } value
                    && byKey.TryGetValue((fk.PrincipalEntityType, value), out var principal) && principal != entry)
                    depth = Math.Max(depth, Depth(principal) + 1);
            }
            return depths[entry] = depth;
        }

        return added.GroupBy(e => (Depth: Depth(e), Type: e.Metadata)).OrderBy(g => g.Key.Depth).ThenBy(g => g.Key.Type.Name, StringComparer.Ordinal);
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
            command.Parameters.Add(new NpgsqlParameter("last", (long)last));
            await command.ExecuteScalarAsync();
        }
        await Connection.DisposeAsync();
    }
}

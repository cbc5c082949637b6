using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ReshipDashboard.Data.Seeding;

/// <summary>SQLite: one prepared INSERT per table, reused for every row.</summary>
internal sealed class SqliteSeedWriter : SeedWriter
{
    private readonly Dictionary<IEntityType, (SqliteCommand Command, IReadOnlyList<IColumnMapping> Columns)> _inserts = [];

    private SqliteSeedWriter(SqliteConnection connection) : base(connection) { }

    public static async Task<SeedWriter> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Seeding writes into a fresh database: no fsync per commit, foreign keys are whole by construction.
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA temp_store=MEMORY;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return new SqliteSeedWriter(connection);
    }

    protected override void Write(IReadOnlyList<EntityEntry> added, DbTransaction transaction)
    {
        foreach (var entry in added)
        {
            if (!_inserts.TryGetValue(entry.Metadata, out var insert))
                _inserts[entry.Metadata] = insert = Prepare(entry.Metadata);
            insert.Command.Transaction = (SqliteTransaction)transaction;
            var values = entry.CurrentValues;
            for (var i = 0; i < insert.Columns.Count; i++)
                insert.Command.Parameters[i].Value = StoredValue(entry, values, insert.Columns[i]) ?? DBNull.Value;
            insert.Command.ExecuteNonQuery();
        }
    }

    private (SqliteCommand, IReadOnlyList<IColumnMapping>) Prepare(IEntityType entityType)
    {
        var columns = Columns(entityType);
        var command = ((SqliteConnection)Connection).CreateCommand();
        command.CommandText = $"INSERT INTO \"{entityType.GetTableName()}\" ("
            + string.Join(", ", columns.Select(c => $"\"{c.Column.Name}\"")) + ") VALUES ("
            + string.Join(", ", columns.Select((_, i) => $"@p{i}")) + ")";
        for (var i = 0; i < columns.Count; i++)
            command.Parameters.Add(columns[i].TypeMapping.CreateParameter(command, $"@p{i}", null, columns[i].Column.IsNullable));
        return (command, columns);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var insert in _inserts.Values) await insert.Command.DisposeAsync();
        await using (var pragma = Connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await pragma.ExecuteNonQueryAsync();
        }
        await Connection.DisposeAsync();
    }
}

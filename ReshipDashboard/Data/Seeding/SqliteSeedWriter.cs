using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ReshipDashboard.Data.Seeding;

/// <summary>SQLite: one prepared INSERT per table, reused for every row.</summary>
internal sealed class SqliteSeedWriter : SeedWriter
{
    private readonly Dictionary<IEntityType, SqliteCommand> _inserts = [];

    private SqliteSeedWriter(SqliteConnection connection, IModel model) : base(connection, model) { }

    public static async Task<SeedWriter> OpenAsync(string connectionString, IModel model, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Seeding writes into a fresh database: no fsync per commit, foreign keys are whole by construction.
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA temp_store=MEMORY;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return new SqliteSeedWriter(connection, model);
    }

    protected override void WriteRows(IReadOnlyList<SeedRow> rows, DbTransaction transaction)
    {
        foreach (var row in rows)
        {
            var columns = row.Type.Columns;
            if (!_inserts.TryGetValue(row.Type.EntityType, out var insert))
                _inserts[row.Type.EntityType] = insert = Prepare(row.Type);
            insert.Transaction = (SqliteTransaction)transaction;
            for (var i = 0; i < columns.Count; i++)
                insert.Parameters[i].Value = row.Stored(columns[i]) ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }
    }

    private SqliteCommand Prepare(SeedType type)
    {
        var columns = type.Columns.Select(c => c.Mapping).ToList();
        var command = ((SqliteConnection)Connection).CreateCommand();
        command.CommandText = $"INSERT INTO \"{type.EntityType.GetTableName()}\" ("
            + string.Join(", ", columns.Select(c => $"\"{c.Column.Name}\"")) + ") VALUES ("
            + string.Join(", ", columns.Select((_, i) => $"@p{i}")) + ")";
        for (var i = 0; i < columns.Count; i++)
            command.Parameters.Add(columns[i].TypeMapping.CreateParameter(command, $"@p{i}", null, columns[i].Column.IsNullable));
        return command;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var insert in _inserts.Values) await insert.DisposeAsync();
        await using (var pragma = Connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await pragma.ExecuteNonQueryAsync();
        }
        await Connection.DisposeAsync();
    }
}

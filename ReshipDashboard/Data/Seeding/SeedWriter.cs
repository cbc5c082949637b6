using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data.Seeding;

/// <summary>
/// Writes the entities a context has tracked as added with one prepared INSERT per table, reusing the
/// statement for every row, instead of EF's per-entity save pipeline. Keys are given from each table's
/// current maximum; EF propagates them to the dependents' foreign keys. Columns, names and value conversions
/// come from the EF model, so the rows are exactly the ones SaveChanges would have written.
/// </summary>
internal sealed class SeedWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<IEntityType, TableInsert> _inserts = [];
    private readonly Dictionary<string, int> _nextIds = [];
    private SqliteTransaction? _transaction;

    private SeedWriter(SqliteConnection connection) => _connection = connection;

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
        return new SeedWriter(connection);
    }

    /// <summary>Inserts every added entity tracked by <paramref name="db"/> in one transaction, then forgets them.</summary>
    public void WriteAdded(DbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added) AssignKey(entry);
        _transaction = _connection.BeginTransaction();
        foreach (var entry in added) Insert(entry);
        _transaction.Commit();
        _transaction.Dispose();
        _transaction = null;
        db.ChangeTracker.Clear();
    }

    private void AssignKey(EntityEntry entry)
    {
        if (entry.Entity is IVersioned versioned) versioned.Version = Guid.NewGuid();
        var key = entry.Metadata.FindPrimaryKey()!.Properties;
        if (key.Count != 1 || key[0].ClrType != typeof(int)) return;
        var property = entry.Property(key[0]);
        if (!property.IsTemporary && (int)property.CurrentValue! > 0) return;
        var table = entry.Metadata.GetTableName()!;
        if (!_nextIds.TryGetValue(table, out var next))
        {
            using var max = _connection.CreateCommand();
            max.CommandText = $"SELECT IFNULL(MAX(\"{key[0].GetColumnName()}\"), 0) FROM \"{table}\"";
            next = Convert.ToInt32(max.ExecuteScalar()) + 1;
        }
        _nextIds[table] = next + 1;
        // Setting the real key makes EF rewrite every dependent's foreign key that pointed at the temporary one.
        property.CurrentValue = next;
        property.IsTemporary = false;
    }

    private void Insert(EntityEntry entry)
    {
        if (!_inserts.TryGetValue(entry.Metadata, out var insert))
            _inserts[entry.Metadata] = insert = TableInsert.Prepare(_connection, entry.Metadata);
        insert.Command.Transaction = _transaction;
        insert.Write(entry);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var insert in _inserts.Values) await insert.Command.DisposeAsync();
        if (_transaction is not null) await _transaction.DisposeAsync();
        await using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await pragma.ExecuteNonQueryAsync();
        }
        await _connection.DisposeAsync();
    }

    private sealed class TableInsert(SqliteCommand command, IReadOnlyList<IColumnMapping> columns)
    {
        public SqliteCommand Command { get; } = command;

        public static TableInsert Prepare(SqliteConnection connection, IEntityType entityType)
        {
            var columns = entityType.GetTableMappings().Single().ColumnMappings
                .Concat(entityType.GetComplexProperties().SelectMany(c => c.ComplexType.GetTableMappings().Single().ColumnMappings))
                .ToList();
            var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO \"{entityType.GetTableName()}\" ("
                + string.Join(", ", columns.Select(c => $"\"{c.Column.Name}\"")) + ") VALUES ("
                + string.Join(", ", columns.Select((_, i) => $"@p{i}")) + ")";
            for (var i = 0; i < columns.Count; i++)
                command.Parameters.Add(columns[i].TypeMapping.CreateParameter(command, $"@p{i}", null, columns[i].Column.IsNullable));
            return new TableInsert(command, columns);
        }

        public void Write(EntityEntry entry)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var property = columns[i].Property;
                var value = property.DeclaringType is IComplexType complex
                    ? entry.ComplexProperty(complex.ComplexProperty).Property(property).CurrentValue
                    : entry.Property(property).CurrentValue;
                var converter = columns[i].TypeMapping.Converter;
                if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
                if (value is Enum) value = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                Command.Parameters[i].Value = value ?? DBNull.Value;
            }
            Command.ExecuteNonQuery();
        }
    }
}

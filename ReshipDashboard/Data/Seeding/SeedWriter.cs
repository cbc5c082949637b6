using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data.Seeding;

/// <summary>
/// Writes the entities a context has tracked as added in bulk, instead of EF's per-entity save pipeline: prepared
/// INSERTs on SQLite, binary COPY on PostgreSQL. Keys are given from each table's current maximum; EF propagates
/// them to the dependents' foreign keys. Columns, names and value conversions come from the EF model, so the rows
/// are exactly the ones SaveChanges would have written.
/// </summary>
internal abstract class SeedWriter(DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, (string Column, int Next)> _nextIds = [];

    protected DbConnection Connection { get; } = connection;

    /// <summary>The tables whose integer keys were given here, with the last key given.</summary>
    protected IEnumerable<(string Table, string Column, int Last)> GivenKeys =>
        _nextIds.Select(t => (t.Key, t.Value.Column, t.Value.Next - 1));

    public static async Task<SeedWriter> OpenAsync(DbContext probe, CancellationToken cancellationToken)
    {
        var connectionString = probe.Database.GetConnectionString()!;
        return probe.Database.IsNpgsql()
            ? await PostgresSeedWriter.OpenAsync(connectionString, cancellationToken)
            : await SqliteSeedWriter.OpenAsync(connectionString, cancellationToken);
    }

    /// <summary>
    /// Inserts every added entity tracked by <paramref name="db"/> in one transaction, then forgets them. Entities are
    /// added finished: what is attached to them after they were added is not looked for.
    /// </summary>
    public void WriteAdded(DbContext db)
    {
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added) AssignKey(entry);
        using (var transaction = Connection.BeginTransaction())
        {
            Write(added, transaction);
            transaction.Commit();
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>Writes the rows in the transaction, principals before their dependents.</summary>
    protected abstract void Write(IReadOnlyList<EntityEntry> added, DbTransaction transaction);

    public abstract ValueTask DisposeAsync();

    private void AssignKey(EntityEntry entry)
    {
        if (entry.Entity is IVersioned versioned) versioned.Version = Guid.NewGuid();
        var key = entry.Metadata.FindPrimaryKey()!.Properties;
        if (key.Count != 1 || key[0].ClrType != typeof(int)) return;
        var property = entry.Property(key[0]);
        if (!property.IsTemporary && (int)property.CurrentValue! > 0) return;
        var table = entry.Metadata.GetTableName()!;
        var column = key[0].GetColumnName();
        if (!_nextIds.TryGetValue(table, out var next))
        {
            using var max = Connection.CreateCommand();
            max.CommandText = $"SELECT COALESCE(MAX(\"{column}\"), 0) FROM \"{table}\"";
            next = (column, Convert.ToInt32(max.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) + 1);
        }
        _nextIds[table] = (column, next.Next + 1);
        // Setting the real key makes EF rewrite every dependent's foreign key that pointed at the temporary one.
        property.CurrentValue = next.Next;
        property.IsTemporary = false;
    }

    /// <summary>The columns of an entity's table, its complex properties' included, in a fixed order.</summary>
    protected static IReadOnlyList<IColumnMapping> Columns(IEntityType entityType) =>
        entityType.GetTableMappings().Single().ColumnMappings
            .Concat(entityType.GetComplexProperties().SelectMany(c => c.ComplexType.GetTableMappings().Single().ColumnMappings))
            .ToList();

    /// <summary>
    /// A column's value as the provider stores it (value converters applied; enums as their number).
    /// <paramref name="values"/> is the entry's <see cref="EntityEntry.CurrentValues"/>, read once per row: an entity's
    /// own columns are read through it without a property entry for each.
    /// </summary>
    protected static object? StoredValue(EntityEntry entry, PropertyValues values, IColumnMapping column)
    {
        var property = column.Property;
        var value = property.DeclaringType is IComplexType complex
            ? entry.ComplexProperty(complex.ComplexProperty).Property(property).CurrentValue
            : values[property];
        var converter = column.TypeMapping.Converter;
        if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
        return value is Enum
            ? Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture)
            : value;
    }
}

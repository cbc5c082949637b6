using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data.Seeding;

/// <summary>
/// Writes finished object graphs in bulk, without EF's change tracker: prepared INSERTs on SQLite, binary COPY on
/// PostgreSQL. The graph is walked along the EF model's navigations; new rows get keys from each table's current
/// maximum, and every foreign key is set from the row its navigation points at. Columns, names and value
/// conversions come from the EF model, so the rows are exactly the ones SaveChanges would have written.
/// </summary>
internal abstract class SeedWriter(DbConnection connection, IModel model) : IAsyncDisposable
{
    private readonly Dictionary<string, (string Column, long Next)> _nextIds = [];
    private readonly Dictionary<Type, SeedType> _types = [];

    protected DbConnection Connection { get; } = connection;

    /// <summary>The tables whose integer keys were given here, with the last key given.</summary>
    protected IEnumerable<(string Table, string Column, long Last)> GivenKeys =>
        _nextIds.Select(t => (t.Key, t.Value.Column, t.Value.Next - 1));

    public static async Task<SeedWriter> OpenAsync(DbContext probe, CancellationToken cancellationToken)
    {
        var connectionString = probe.Database.GetConnectionString()!;
        return probe.Database.IsNpgsql()
            ? await PostgresSeedWriter.OpenAsync(connectionString, probe.Model, cancellationToken)
            : await SqliteSeedWriter.OpenAsync(connectionString, probe.Model, cancellationToken);
    }

    /// <summary>
    /// Inserts <paramref name="roots"/> and every new entity reachable from them in one transaction. An entity is new
    /// when its integer key is still unset; entities written before (a buyer, say) are pointed at, not written again
    /// nor walked through, so every root must be new.
    /// </summary>
    public void Write(IEnumerable<object> roots)
    {
        var rows = new List<SeedRow>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var root in roots)
        {
            if (IsWritten(root, TypeOf(root)))
                throw new InvalidOperationException($"{root.GetType().Name} was written before: what hangs off it is not looked for.");
            Collect(root, rows, seen);
        }
        foreach (var row in rows) AssignKey(row);
        foreach (var row in rows) SetForeignKeys(row);
        using var transaction = Connection.BeginTransaction();
        WriteRows(rows, transaction);
        transaction.Commit();
    }

    /// <summary>Writes the rows in the transaction.</summary>
    protected abstract void WriteRows(IReadOnlyList<SeedRow> rows, DbTransaction transaction);

    public abstract ValueTask DisposeAsync();

    private void Collect(object entity, List<SeedRow> rows, HashSet<object> seen)
    {
        if (!seen.Add(entity)) return;
        var type = TypeOf(entity);
        if (IsWritten(entity, type)) return;
        rows.Add(new SeedRow(type, entity));
        foreach (var navigation in type.Navigations)
        {
            switch (navigation.Get(entity))
            {
                case null: break;
                case System.Collections.IEnumerable targets when navigation.Navigation.IsCollection:
                    foreach (var target in targets) Collect(target, rows, seen);
                    break;
                case var target: Collect(target, rows, seen); break;
            }
        }
    }

    private static bool IsWritten(object entity, SeedType type) =>
        type.Key is { } key && Convert.ToInt64(key.Get(entity), System.Globalization.CultureInfo.InvariantCulture) > 0;

    private void AssignKey(SeedRow row)
    {
        if (row.Entity is IVersioned versioned) versioned.Version = Guid.NewGuid();
        if (row.Type.Key is not { } key) return;
        var table = row.Type.EntityType.GetTableName()!;
        var column = key.Property.GetColumnName();
        if (!_nextIds.TryGetValue(table, out var next))
        {
            using var max = Connection.CreateCommand();
            max.CommandText = $"SELECT COALESCE(MAX(\"{column}\"), 0) FROM \"{table}\"";
            next = (column, Convert.ToInt64(max.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) + 1);
        }
        _nextIds[table] = (column, next.Next + 1);
        key.Set(row.Entity, key.Property.ClrType == typeof(int) ? (object)checked((int)next.Next) : next.Next);
    }

    /// <summary>Each navigation sets the foreign key it stands for, on whichever side of it holds the key.</summary>
    private static void SetForeignKeys(SeedRow row)
    {
        foreach (var navigation in row.Type.Navigations)
        {
            switch (navigation.Get(row.Entity))
            {
                case null: break;
                case var principal when navigation.Navigation.IsOnDependent:
                    navigation.ForeignKey.Set(row.Entity, navigation.PrincipalKey.Get(principal));
                    break;
                case System.Collections.IEnumerable dependents when navigation.Navigation.IsCollection:
                    foreach (var dependent in dependents) navigation.ForeignKey.Set(dependent, navigation.PrincipalKey.Get(row.Entity));
                    break;
                case var dependent:
                    navigation.ForeignKey.Set(dependent, navigation.PrincipalKey.Get(row.Entity));
                    break;
            }
        }
    }

    private SeedType TypeOf(object entity)
    {
        var clrType = entity.GetType();
        if (_types.TryGetValue(clrType, out var known)) return known;
        var entityType = model.FindEntityType(clrType)
            ?? throw new InvalidOperationException($"{clrType.Name} is not an entity of the model.");
        var key = entityType.FindPrimaryKey()!.Properties is [{ ClrType: var keyType } keyProperty] && (keyType == typeof(int) || keyType == typeof(long))
            ? new Member(keyProperty)
            : null;
        var navigations = entityType.GetNavigations()
            .Select(n => new SeedNavigation(n, n.GetGetter(), new Member(Single(n.ForeignKey.Properties)), new Member(Single(n.ForeignKey.PrincipalKey.Properties))))
            .ToList();
        return _types[clrType] = new SeedType(entityType, key, navigations, Columns(entityType));
    }

    private static IProperty Single(IReadOnlyList<IProperty> properties) => properties is [var property]
        ? property
        : throw new NotSupportedException($"Composite keys are not written by the seed writer ({string.Join(", ", properties.Select(p => p.Name))}).");

    /// <summary>The columns of an entity's table, its complex properties' included, in a fixed order.</summary>
    private static IReadOnlyList<SeedColumn> Columns(IEntityType entityType) =>
        entityType.GetTableMappings().Single().ColumnMappings
            .Concat(entityType.GetComplexProperties().SelectMany(c => c.ComplexType.GetTableMappings().Single().ColumnMappings))
            .Select(c => c.Property.IsShadowProperty()
                ? throw new NotSupportedException($"{entityType.DisplayName()}.{c.Property.Name} is a shadow property; the seed writer reads columns from the objects.")
                : new SeedColumn(c, c.Property.GetGetter()))
            .ToList();

    /// <summary>One entity to insert, with what the writer knows of its type.</summary>
    protected sealed record SeedRow(SeedType Type, object Entity)
    {
        /// <summary>A column's value as the provider stores it (value converters applied; enums as their number).</summary>
        public object? Stored(SeedColumn column)
        {
            var value = column.Getter.GetClrValueUsingContainingEntity(Entity);
            var converter = column.Mapping.TypeMapping.Converter;
            if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
            return value is Enum
                ? Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture)
                : value;
        }

        /// <summary>The value of one of the entity's own properties (a key or a foreign key).</summary>
        public object? Value(IProperty property) => property.GetGetter().GetClrValue(Entity);
    }

    protected sealed record SeedType(IEntityType EntityType, Member? Key, IReadOnlyList<SeedNavigation> Navigations, IReadOnlyList<SeedColumn> Columns);

    protected sealed record SeedColumn(IColumnMapping Mapping, IClrPropertyGetter Getter);

    protected sealed record SeedNavigation(INavigation Navigation, IClrPropertyGetter Getter, Member ForeignKey, Member PrincipalKey)
    {
        public object? Get(object entity) => Getter.GetClrValue(entity);
    }

    /// <summary>
    /// A key or foreign-key property read and written on the object, whatever its setter's visibility (the setter is
    /// compiled on first use: a principal's key is only read).
    /// </summary>
    protected sealed class Member(IProperty property)
    {
        private readonly IClrPropertyGetter _getter = property.GetGetter();
        private Action<object, object?>? _setter;

        public IProperty Property { get; } = property;

        public object? Get(object entity) => _getter.GetClrValue(entity);

        public void Set(object entity, object? value) => (_setter ??= CompileSetter())(entity, value);

        private Action<object, object?> CompileSetter()
        {
            var member = Property.GetMemberInfo(forMaterialization: false, forSet: true);
            var instance = Expression.Parameter(typeof(object));
            var value = Expression.Parameter(typeof(object));
            var target = Expression.Convert(instance, member.DeclaringType!);
            var assign = Expression.Assign(
                member is FieldInfo field ? Expression.Field(target, field) : Expression.Property(target, (PropertyInfo)member),
                Expression.Convert(value, Property.ClrType));
            return Expression.Lambda<Action<object, object?>>(assign, instance, value).Compile();
        }
    }
}

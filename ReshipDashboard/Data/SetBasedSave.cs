using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ReshipDashboard.Data.Tallies;

namespace ReshipDashboard.Data;

/// <summary>
/// Saves a large unit of work (thousands of rows of a few shapes, as an upload makes) in a handful of statements on
/// either engine instead of one statement per row: each table's new rows in multi-row <c>INSERT … VALUES</c>, and each
/// table's changed rows of one shape in one <c>UPDATE … FROM (VALUES …)</c> that checks their concurrency tokens.
/// The save-time rules run as in <c>SaveChanges</c> (changes recorded, versions renewed, tallies added); values are bound through the
/// model's own type mappings, so they are stored exactly as EF stores them. Runs inside the caller's transaction;
/// afterwards the context tracks nothing.
/// </summary>
public static class SetBasedSave
{
    /// <summary>
    /// Parameters per statement. SQLite finds each parameter it binds by a search through the statement's names, so a
    /// statement with n parameters costs n² to bind. A 10,000-row tracking upload at the large seed took 3.3–3.6× its
    /// raw baseline at 100 and 3.6–4.0× at 500.
    /// </summary>
    private const int MaxParameters = 100;

    public static async Task SaveChangesInSetsAsync(this ReshipDbContext db, CancellationToken cancellationToken = default)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A set-based save runs inside the caller's transaction.");
        db.ChangeTracker.DetectChanges();
        // The raised events' audit and feed rows are added first, so they are written in the same statements.
        ChangeRecorder.Record(db);
        VersionInterceptor.Renew(db);
        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        // Tally rows are added as Added entries: nothing more to detect.
        foreach (var tallies in interceptors.OfType<TallyInterceptor>()) await tallies.AddDeltasAsync(db, cancellationToken);

        var pending = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (pending.FirstOrDefault(e => e.State == EntityState.Deleted || e.Metadata.IsOwned()) is { } unsupported)
            throw new NotSupportedException($"A set-based save does not delete or write owned rows ({unsupported.Metadata.DisplayName()}).");

        var writer = new Writer(db, transaction);
        var added = pending.Where(e => e.State == EntityState.Added).GroupBy(e => e.Metadata).ToDictionary(g => g.Key, g => g.ToList());
        try
        {
            foreach (var type in PrincipalsFirst(added.Keys))
                await writer.InsertAsync(type, added[type], NeedsKeys(type, pending), cancellationToken);
            foreach (var shape in pending.Where(e => e.State == EntityState.Modified)
                         .GroupBy(e => (e.Metadata, Changed: string.Join(',', Changed(e).Select(p => p.Name)))))
                await writer.UpdateAsync(shape.Key.Metadata, Changed(shape.First()), shape.ToList(), cancellationToken);
        }
        catch (DbException e)
        {
            // As SaveChanges reports it: the caller's transaction is rolled back and nothing is kept.
            throw new DbUpdateException("A set-based save failed; nothing of it is kept once its transaction rolls back.", e);
        }
        db.ChangeTracker.Clear();
    }

    private static List<IProperty> Changed(EntityEntry entry)
    {
        if (entry.ComplexProperties.Any(c => c.IsModified))
            throw new NotSupportedException($"A set-based save does not change complex properties ({entry.Metadata.DisplayName()}).");
        return entry.Properties.Where(p => p.IsModified).Select(p => (IProperty)p.Metadata).ToList();
    }

    /// <summary>Types whose new rows others point at are inserted first.</summary>
    private static List<IEntityType> PrincipalsFirst(IEnumerable<IEntityType> types)
    {
        var left = types.ToList();
        var ordered = new List<IEntityType>();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(t => !t.GetForeignKeys().Any(fk => fk.PrincipalEntityType != t && left.Contains(fk.PrincipalEntityType)))
                ?? throw new NotSupportedException("A set-based save does not insert rows that point at each other in a cycle.");
            ordered.Add(next);
            left.Remove(next);
        }
        return ordered;
    }

    /// <summary>A new row's generated key is needed when another pending row points at its type.</summary>
    private static bool NeedsKeys(IEntityType type, IEnumerable<EntityEntry> pending) =>
        pending.Any(e => e.Metadata.GetForeignKeys().Any(fk => fk.PrincipalEntityType == type));

    private sealed class Writer(ReshipDbContext db, DbTransaction transaction)
    {
        private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

        private string Table(IEntityType type) => _sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());

        private static StoreObjectIdentifier Store(IEntityType type) => StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());

        private string Column(IProperty property, IEntityType type) => _sql.DelimitIdentifier(property.GetColumnName(Store(type))!);

        public async Task InsertAsync(IEntityType type, List<EntityEntry> rows, bool needsKeys, CancellationToken cancellationToken)
        {
            if (type.GetComplexProperties().Any())
                throw new NotSupportedException($"A set-based save does not insert rows with complex properties ({type.DisplayName()}).");
            var key = type.FindPrimaryKey()!.Properties.Single();
            var generated = key.ValueGenerated == ValueGenerated.OnAdd;
            var columns = type.GetProperties().Where(p => !(generated && p == key) && p.GetColumnName(Store(type)) is not null).ToList();
            if (columns.FirstOrDefault(p => p.ValueGenerated != ValueGenerated.Never) is { } storeSet)
                throw new NotSupportedException($"A set-based save does not insert columns the database fills in ({type.DisplayName()}.{storeSet.Name}).");
            // A generated key comes back beside a unique column of the row, which says whose key it is.
            var match = needsKeys && generated
                ? type.GetIndexes().Where(i => i.IsUnique && i.Properties.Count == 1 && i.Properties[0] != key).Select(i => i.Properties[0])
                      .FirstOrDefault(p => rows.Select(r => r.Property(p.Name).CurrentValue).Distinct().Count(v => v is not null) == rows.Count)
                  ?? throw new NotSupportedException($"A set-based save needs a unique column to match {type.DisplayName()}'s new keys.")
                : null;

            var pointers = match is null ? [] : Pointers(type);
            var perChunk = Math.Max(1, MaxParameters / columns.Count);
            foreach (var chunk in rows.Chunk(perChunk))
            {
                await using var command = NewCommand(reused: chunk.Length == perChunk);
                var text = new StringBuilder($"INSERT INTO {Table(type)} ({string.Join(", ", columns.Select(c => Column(c, type)))}) VALUES ");
                for (var r = 0; r < chunk.Length; r++)
                {
                    text.Append(r == 0 ? "(" : ", (");
                    for (var c = 0; c < columns.Count; c++)
                        text.Append(c == 0 ? "" : ", ").Append(Bind(command, columns[c], chunk[r].Property(columns[c].Name).CurrentValue));
                    text.Append(')');
                }
                if (match is null)
                {
                    command.CommandText = text.ToString();
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    continue;
                }
                command.CommandText = text.Append($" RETURNING {Column(key, type)}, {Column(match, type)}").ToString();
                var byMatch = chunk.ToDictionary(r => r.Property(match.Name).CurrentValue!);
                var converter = match.GetTypeMapping().Converter;
                var keys = new List<(EntityEntry Row, object Key)>(chunk.Length);
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        var stored = reader.GetValue(1);
                        var value = converter is null ? As(stored, match.ClrType) : converter.ConvertFromProvider(stored)!;
                        keys.Add((byMatch[value], As(reader.GetValue(0), key.ClrType)));
                    }
                }
                foreach (var (row, value) in keys) SetKey(row, key, value, pointers);
            }
        }

        private static object As(object stored, Type type) =>
            Convert.ChangeType(stored, Nullable.GetUnderlyingType(type) ?? type, System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The pending rows pointing at new rows of <paramref name="type"/>, by the temporary key they point at.</summary>
        private Dictionary<object, List<PropertyEntry>> Pointers(IEntityType type)
        {
            var pointers = new Dictionary<object, List<PropertyEntry>>();
            var foreignKeys = type.GetReferencingForeignKeys().ToList();
            if (foreignKeys.Count == 0) return pointers;
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified))
            {
                foreach (var fk in foreignKeys.Where(fk => fk.DeclaringEntityType.IsAssignableFrom(entry.Metadata)))
                {
                    var pointer = entry.Property(fk.Properties.Single().Name);
                    if (pointer.CurrentValue is { } value) (pointers.TryGetValue(value, out var list) ? list : pointers[value] = []).Add(pointer);
                }
            }
            return pointers;
        }

        /// <summary>Gives a new row its stored key, and every pending row pointing at it the same value.</summary>
        private static void SetKey(EntityEntry row, IProperty key, object value, Dictionary<object, List<PropertyEntry>> pointers)
        {
            var temporary = row.Property(key.Name).CurrentValue!;
            row.Property(key.Name).CurrentValue = value;
            foreach (var pointer in pointers.GetValueOrDefault(temporary) ?? []) pointer.CurrentValue = value;
        }

        public async Task UpdateAsync(IEntityType type, List<IProperty> changed, List<EntityEntry> rows, CancellationToken cancellationToken)
        {
            var key = type.FindPrimaryKey()!.Properties.Single();
            var tokens = type.GetProperties().Where(p => p.IsConcurrencyToken).ToList();
            // v.column1 is the key, then each token's value as read, then each changed column's new value.
            var perRow = 1 + tokens.Count + changed.Count;
            var set = string.Join(", ", changed.Select((p, i) => $"{Column(p, type)} = v.column{2 + tokens.Count + i}"));
            var where = string.Join(" AND ", new[] { $"t.{Column(key, type)} = v.column1" }
                .Concat(tokens.Select((p, i) => $"t.{Column(p, type)} = v.column{2 + i}")));
            var perChunk = Math.Max(1, MaxParameters / perRow);
            foreach (var chunk in rows.Chunk(perChunk))
            {
                await using var command = NewCommand(reused: chunk.Length == perChunk);
                var values = new StringBuilder();
                for (var r = 0; r < chunk.Length; r++)
                {
                    var row = chunk[r];
                    values.Append(r == 0 ? "(" : ", (").Append(Bind(command, key, row.Property(key.Name).OriginalValue));
                    foreach (var token in tokens) values.Append(", ").Append(Bind(command, token, row.Property(token.Name).OriginalValue));
                    foreach (var property in changed) values.Append(", ").Append(Bind(command, property, row.Property(property.Name).CurrentValue));
                    values.Append(')');
                }
                command.CommandText = $"UPDATE {Table(type)} AS t SET {set} FROM (VALUES {values}) AS v WHERE {where}";
                var updated = await command.ExecuteNonQueryAsync(cancellationToken);
                if (updated != chunk.Length)
                    throw new DbUpdateConcurrencyException(
                        $"{chunk.Length - updated} of {chunk.Length} {type.DisplayName()} rows were changed or deleted by someone else since they were read.");
            }
        }

        /// <summary>
        /// On SQLite, a full chunk's command runs on the connection's compiled statement for its text
        /// (<see cref="StatementCache"/>): every full chunk of a table has the same text, so it is compiled once, not once
        /// per chunk. A last, shorter chunk's text depends on the upload's size and is seldom seen again: it is not kept.
        /// </summary>
        private DbCommand NewCommand(bool reused)
        {
            var command = reused && transaction.Connection is SqliteConnection sqlite
                ? new ReusedSqliteCommand(StatementCache.Of(sqlite))
                : transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandTimeout = db.Database.GetCommandTimeout() ?? 30;
            return command;
        }

        /// <summary>Adds the value as the next parameter, converted and typed by the property's own mapping.</summary>
        private static string Bind(DbCommand command, IProperty property, object? value)
        {
            var name = "@p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));
            return name;
        }
    }
}

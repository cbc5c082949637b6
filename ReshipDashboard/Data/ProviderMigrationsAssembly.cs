using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReshipDashboard.Data;

/// <summary>
/// One context type, one migration set per provider: each set lives in its own namespace (folder) of this
/// assembly, and the running provider only ever sees its own migrations and snapshot. SQLite's set stays in
/// Data/Migrations, PostgreSQL's in Data/PostgresMigrations.
/// </summary>
public abstract class ProviderMigrationsAssembly(IMigrationsIdGenerator idGenerator, string migrationsNamespace) : IMigrationsAssembly
{
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotLoaded;

    public Assembly Assembly => typeof(ReshipDbContext).Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= Assembly.DefinedTypes
        .Where(t => t.Namespace == migrationsNamespace && t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract
            && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(ReshipDbContext))
        .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()?.Id, Type: t))
        .Where(m => m.Id is not null)
        .OrderBy(m => m.Id, StringComparer.Ordinal)
        .ToDictionary(m => m.Id!, m => m.Type);

    public ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (_snapshotLoaded) return _snapshot;
            var type = Assembly.DefinedTypes.FirstOrDefault(t => t.Namespace == migrationsNamespace
                && t.IsSubclassOf(typeof(ModelSnapshot)) && !t.IsAbstract
                && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(ReshipDbContext));
            _snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type.AsType())!;
            _snapshotLoaded = true;
            return _snapshot;
        }
    }

    public string? FindMigrationId(string nameOrId) => Migrations.Keys
        .Where(idGenerator.IsValidId(nameOrId)
            ? id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            : id => string.Equals(idGenerator.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase))
        .FirstOrDefault();

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }
}

public sealed class SqliteMigrationsAssembly(IMigrationsIdGenerator idGenerator)
    : ProviderMigrationsAssembly(idGenerator, "ReshipDashboard.Data.Migrations");

public sealed class PostgresMigrationsAssembly(IMigrationsIdGenerator idGenerator)
    : ProviderMigrationsAssembly(idGenerator, "ReshipDashboard.Data.PostgresMigrations");

using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReshipDashboard.Data;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// The database engine the database-facing tests run on: SQLite, or PostgreSQL when
/// <see cref="Variable"/> names a server (e.g. `Host=127.0.0.1;Port=55432;Username=postgres`; `.ci/run` starts
/// a throw-away one). Each test database on PostgreSQL is a copy of one migrated template, dropped afterwards.
/// </summary>
public static class TestProvider
{
    public const string Variable = "RESHIP_TEST_POSTGRES";

    private static readonly SemaphoreSlim TemplateOnce = new(1, 1);
    private static string? _template;

    public static string? PostgresServer =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    public static DatabaseProvider Current => PostgresServer is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    public static bool IsPostgres => Current == DatabaseProvider.Postgres;

    /// <summary>A new, migrated PostgreSQL database of its own; returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{Variable} is not set");
        var template = await TemplateAsync(server);
        var name = $"reship_t_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return Named(server, name, pooling: true);
    }

    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(PostgresServer!, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Takes a database out of reach (no new connections, open ones ended, renamed) or brings it back.</summary>
    public static async Task RenamePostgresDatabaseAsync(string connectionString, bool away)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var hidden = name + "_away";
        if (away)
        {
            await ExecuteAsync(PostgresServer!, $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
            await ExecuteAsync(PostgresServer!, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
            await ExecuteAsync(PostgresServer!, $"ALTER DATABASE \"{name}\" RENAME TO \"{hidden}\"");
            return;
        }
        await ExecuteAsync(PostgresServer!, $"ALTER DATABASE \"{hidden}\" RENAME TO \"{name}\"");
        await ExecuteAsync(PostgresServer!, $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
    }

    private static async Task<string> TemplateAsync(string server)
    {
        await TemplateOnce.WaitAsync();
        try
        {
            if (_template is not null) return _template;
            var name = $"reship_template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..48];
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
            var options = new DbContextOptionsBuilder<ReshipDbContext>()
                .UseReshipDatabase(DatabaseProvider.Postgres, Named(server, name, pooling: false)).Options;
            await using (var db = new ReshipDbContext(options))
            {
                await db.Database.MigrateAsync();
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult(); }
                catch (NpgsqlException) { } // the throw-away cluster goes away with CI anyway
            };
            return _template = name;
        }
        finally
        {
            TemplateOnce.Release();
        }
    }

    private static string Named(string server, string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = pooling, IncludeErrorDetail = true }.ToString();

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(Named(server, "postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

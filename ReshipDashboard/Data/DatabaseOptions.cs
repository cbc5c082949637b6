namespace ReshipDashboard.Data;

/// <summary>Which engine holds the shop's data.</summary>
public enum DatabaseProvider
{
    /// <summary>One file next to the app: one machine, one instance (the default).</summary>
    Sqlite,
    /// <summary>A PostgreSQL server: one or more instances behind a load balancer.</summary>
    Postgres,
}

/// <summary>The `Database` section: the provider and how instances notice each other's changes.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite only: when a commit counts as done. Full (the default) syncs the log to the disk at every commit, so no
    /// committed change is lost even on a power cut; Normal skips that sync (see <see cref="SqliteSynchronous"/>).
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// How often (ms) an instance reads the change feed for changes other instances committed, so open queues
    /// refresh within about this time. 0 picks the default: 1000 on PostgreSQL, off on SQLite (one instance).
    /// </summary>
    public int ChangePollMilliseconds { get; set; }

    public TimeSpan? ChangePollInterval => (ChangePollMilliseconds, Provider) switch
    {
        ( > 0, _) => TimeSpan.FromMilliseconds(ChangePollMilliseconds),
        (_, DatabaseProvider.Postgres) => TimeSpan.FromSeconds(1),
        _ => null,
    };
}

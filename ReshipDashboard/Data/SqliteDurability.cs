using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReshipDashboard.Data;

/// <summary>
/// When a SQLite commit counts as done (`Database:SqliteSynchronous`). The journal is always WAL.
/// </summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// SQLite's default: every commit waits until the write-ahead log is on the disk. A committed change survives an
    /// app crash, an OS crash and a power cut. Each commit pays one disk sync (under 1 ms on an idle SSD, 100 ms and
    /// more on a busy or network disk).
    /// </summary>
    Full,

    /// <summary>
    /// The log is synced at checkpoints only. The file is never corrupted, and a committed change survives an app
    /// crash (the log is in the OS's cache); after a power cut or an OS crash the last commits before it may be
    /// missing. For a machine on a UPS or a disk whose syncs are slow.
    /// </summary>
    Normal,
}

/// <summary>Sets <c>PRAGMA synchronous=NORMAL</c> once on each SQLite connection the pool opens (it is per connection).</summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> _set = new();

    private SqliteDurability()
    {
    }

    /// <summary>The interceptor the mode needs: none for <see cref="SqliteSynchronous.Full"/>, SQLite's own default.</summary>
    public static SqliteDurability? From(SqliteSynchronous mode) => mode == SqliteSynchronous.Normal ? new SqliteDurability() : null;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        // A pooled connection keeps its handle (and its pragmas) between opens: set once per handle.
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || _set.TryGetValue(handle, out _)) return;
        using var command = sqlite.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
        _set.AddOrUpdate(handle, this);
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReshipDashboard.Data;

/// <summary>
/// PostgreSQL only: every transaction first takes one transaction-scoped advisory lock, so writing transactions
/// run one after another exactly as they do on SQLite (which locks at BEGIN). Reads never wait for it; it is
/// released at commit or rollback, also when a connection dies. Under READ COMMITTED every statement after the
/// lock sees what the previous writer committed, so read-check-write sequences (the day's next reissue number,
/// the 10-reissue limit, one open request per order, an unused tracking number) hold on every instance.
/// Single-row updates outside a transaction rely on the version token: PostgreSQL re-checks it after the row lock.
/// </summary>
public sealed class PostgresWriteLock : DbTransactionInterceptor
{
    /// <summary>An arbitrary application-wide key ("RSHP").</summary>
    public const long Key = 0x52534850;

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        using var command = Command(connection, result);
        command.ExecuteNonQuery();
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData,
        DbTransaction result, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection, result);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({Key})";
        return command;
    }
}

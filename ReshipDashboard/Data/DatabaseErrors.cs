using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ReshipDashboard.Data;

/// <summary>What a database error means to the app, whichever engine raised it.</summary>
public enum DatabaseFault
{
    None,
    /// <summary>A unique value was taken by a concurrent writer first.</summary>
    Duplicate,
    /// <summary>The database is busy: a lock wait ran out, a deadlock or serialization failure. Retry shortly.</summary>
    Busy,
    /// <summary>The database cannot be reached (server down, connection refused or dropped).</summary>
    Unavailable,
}

/// <summary>A save broke a unique index: someone else stored that value first.</summary>
public sealed class DuplicateValueException(DbUpdateException inner)
    : DbUpdateException("A unique value is already taken", inner, inner.Entries);

/// <summary>The database stayed busy (locked, deadlock, serialization failure) past its wait: try again shortly.</summary>
public sealed class DatabaseBusyException(Exception inner) : Exception("The database is busy", inner);

/// <summary>
/// The database cannot be reached, at start-up (with where it is and why) or while running. Pages show
/// "database unavailable", the API answers 503 with Retry-After; the app recovers once it is back.
/// </summary>
public sealed class DatabaseUnavailableException(string path, string cause, Exception inner)
    : Exception($"Cannot open the database at {path}: {cause}", inner)
{
    /// <summary>The file (SQLite) or host:port/database (PostgreSQL).</summary>
    public string DatabasePath { get; } = path;

    /// <summary>Why, in the provider's words (connection refused, password failed, no such database…).</summary>
    public string Cause { get; } = cause;
}

/// <summary>
/// The only place that knows SQLite's and PostgreSQL's error codes. Features catch the app's own exceptions
/// (<see cref="DuplicateValueException"/>, <see cref="DatabaseBusyException"/>, <see cref="DatabaseUnavailableException"/>)
/// or ask <see cref="Classify"/>; they never see a provider's exception type.
/// </summary>
public static class DatabaseErrors
{
    public static DatabaseFault Classify(Exception? error)
    {
        for (var x = error; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case DuplicateValueException: return DatabaseFault.Duplicate;
                case DatabaseBusyException: return DatabaseFault.Busy;
                case DatabaseUnavailableException: return DatabaseFault.Unavailable;
                // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; SQLITE_BUSY / SQLITE_LOCKED; SQLITE_CANTOPEN / SQLITE_IOERR
                case SqliteException { SqliteExtendedErrorCode: 2067 or 1555 }: return DatabaseFault.Duplicate;
                case SqliteException { SqliteErrorCode: 5 or 6 }: return DatabaseFault.Busy;
                case SqliteException { SqliteErrorCode: 14 or 10 }: return DatabaseFault.Unavailable;
                case PostgresException pg: return Classify(pg.SqlState);
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                case NpgsqlException { IsTransient: true }:
                    return DatabaseFault.Unavailable;
            }
        }
        return DatabaseFault.None;
    }

    /// <summary>PostgreSQL's SQLSTATE codes, by class: 23 integrity, 40 rollback, 55 lock, 57 operator, 08 connection.</summary>
    private static DatabaseFault Classify(string sqlState) => sqlState switch
    {
        "23505" or "23P01" => DatabaseFault.Duplicate, // unique, exclusion
        "40001" or "40P01" or "55P03" or "57014" => DatabaseFault.Busy, // serialization, deadlock, lock not available, statement timeout
        // shutdown, crash, cannot connect now, too many connections, database gone or renamed, sign-in refused
        "57P01" or "57P02" or "57P03" or "53300" or "3D000" or "28000" or "28P01" => DatabaseFault.Unavailable,
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => DatabaseFault.Unavailable,
        _ => DatabaseFault.None,
    };

    public static bool IsDuplicate(Exception? error) => Classify(error) == DatabaseFault.Duplicate;

    public static bool IsBusy(Exception? error) => Classify(error) == DatabaseFault.Busy;

    public static bool IsUnavailable(Exception? error) => Classify(error) == DatabaseFault.Unavailable;

    /// <summary>The app's own exception for a provider's failed save, or null when it means nothing special.</summary>
    public static Exception? Translate(DbUpdateException error) => error switch
    {
        DbUpdateConcurrencyException or DuplicateValueException => null,
        _ => Classify(error) switch
        {
            DatabaseFault.Duplicate => new DuplicateValueException(error),
            DatabaseFault.Busy => new DatabaseBusyException(error),
            DatabaseFault.Unavailable => new DatabaseUnavailableException("(running)", error.InnerException?.Message ?? error.Message, error),
            _ => null,
        },
    };
}

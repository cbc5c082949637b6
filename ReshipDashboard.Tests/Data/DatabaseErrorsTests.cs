using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReshipDashboard.Data;

namespace ReshipDashboard.Tests.Data;

/// <summary>Both providers' error codes mean the same to the app.</summary>
public sealed class DatabaseErrorsTests
{
    private static readonly Dictionary<string, Exception> Samples = new()
    {
        ["sqlite unique"] = new SqliteException("UNIQUE constraint failed", 19, 2067),
        ["sqlite trigger"] = new SqliteException("trigger refused", 19, 1811),
        ["sqlite busy"] = new SqliteException("database is locked", 5),
        ["sqlite cannot open"] = new SqliteException("unable to open database file", 14),
        ["pg unique"] = new PostgresException("duplicate key", "ERROR", "ERROR", "23505"),
        ["pg serialization"] = new PostgresException("could not serialize access", "ERROR", "ERROR", "40001"),
        ["pg deadlock"] = new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"),
        ["pg shutdown"] = new PostgresException("terminating connection", "FATAL", "FATAL", "57P01"),
        ["pg no database"] = new PostgresException("database does not exist", "FATAL", "FATAL", "3D000"),
        ["pg raised"] = new PostgresException("raised by a trigger", "ERROR", "ERROR", "P0001"),
        ["pg refused"] = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)),
        ["wrapped busy"] = new InvalidOperationException("wrapped", new SqliteException("database is locked", 6)),
    };

    [Theory]
    [InlineData("sqlite unique", DatabaseFault.Duplicate)]
    [InlineData("sqlite trigger", DatabaseFault.None)]
    [InlineData("sqlite busy", DatabaseFault.Busy)]
    [InlineData("sqlite cannot open", DatabaseFault.Unavailable)]
    [InlineData("pg unique", DatabaseFault.Duplicate)]
    [InlineData("pg serialization", DatabaseFault.Busy)]
    [InlineData("pg deadlock", DatabaseFault.Busy)]
    [InlineData("pg shutdown", DatabaseFault.Unavailable)]
    [InlineData("pg no database", DatabaseFault.Unavailable)]
    [InlineData("pg raised", DatabaseFault.None)]
    [InlineData("pg refused", DatabaseFault.Unavailable)]
    [InlineData("wrapped busy", DatabaseFault.Busy)]
    public void Classify_NamesWhatTheErrorMeans(string sample, DatabaseFault expected) =>
        Assert.Equal(expected, DatabaseErrors.Classify(Samples[sample]));

    [Fact]
    public void Translate_TurnsAUniqueViolationIntoTheAppsOwnException()
    {
        var save = new DbUpdateException("save failed", new PostgresException("duplicate key", "ERROR", "ERROR", "23505"));

        var translated = DatabaseErrors.Translate(save);

        Assert.IsType<DuplicateValueException>(translated);
        Assert.Same(save, translated!.InnerException);
        Assert.Null(DatabaseErrors.Translate(new DbUpdateConcurrencyException("stale")));
    }
}

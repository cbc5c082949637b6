using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReshipDashboard.Data;

/// <summary>
/// A SQLite database file is made only when asked for: by the start-up's migration (or EF's own create), never by an
/// operation that opens its path. A file moved away or deleted under the running app is then a database out of reach
/// (SQLite's "unable to open", which pages and the API report as unavailable, 503), not an empty new file in its place
/// whose missing tables fail every request with an error page.
/// </summary>
public static class SqliteDatabaseFile
{
    /// <summary>
    /// The connection string the app's operations open: read-write-create (SQLite's default, whether written or not)
    /// becomes read-write. Other modes (read-only, in memory), an in-memory or temporary database, and a <c>file:</c>
    /// URI (which carries its own mode) are left as they are.
    /// </summary>
    public static string OpenExistingOnly(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!IsFile(builder) || builder.Mode != SqliteOpenMode.ReadWriteCreate) return connectionString;
        builder.Mode = SqliteOpenMode.ReadWrite;
        return builder.ToString();
    }

    /// <summary>
    /// The same database, opened so that a missing file is made: for start-up and EF's create, which make the file the
    /// app's operations then open with <see cref="OpenExistingOnly"/>.
    /// </summary>
    public static string Creating(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!IsFile(builder) || builder.Mode != SqliteOpenMode.ReadWrite) return connectionString;
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.Pooling = false;
        return builder.ToString();
    }

    /// <summary>A file named by its path: not in memory, not temporary (empty), not a URI.</summary>
    private static bool IsFile(SqliteConnectionStringBuilder builder) =>
        builder.DataSource is { Length: > 0 } source
        && !source.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
        && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}

/// <summary>EF's SQLite database creator, making the file first: the app's connections do not make a missing one.</summary>
#pragma warning disable EF1001 // the SQLite provider's creator: its create (the journal mode) and its checks are kept
public sealed class SqliteFileCreator(
    RelationalDatabaseCreatorDependencies dependencies,
    ISqliteRelationalConnection connection,
    IRawSqlCommandBuilder rawSqlCommandBuilder)
    : SqliteDatabaseCreator(dependencies, connection, rawSqlCommandBuilder)
{
    /// <summary>EF's asynchronous create calls this one too.</summary>
    public override void Create()
    {
        MakeFile();
        base.Create();
    }

    private void MakeFile()
    {
        var creating = SqliteDatabaseFile.Creating(Dependencies.Connection.ConnectionString!);
        if (creating == Dependencies.Connection.ConnectionString) return;
        using var file = new SqliteConnection(creating);
        file.Open();
    }
}
#pragma warning restore EF1001

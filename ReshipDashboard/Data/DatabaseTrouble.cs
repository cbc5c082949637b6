using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ReshipDashboard.Data;

/// <summary>
/// Tells a database that is busy, locked or out of reach (worth a "数据库繁忙，请重试" and a retry) from a bug. The
/// provider's own exception types stay in this folder.
/// </summary>
public static class DatabaseTrouble
{
    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN
    private static readonly int[] TransientCodes = [5, 6, 10, 14];

    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && TransientCodes.Contains(sqlite.SqliteErrorCode)) return true;
            if (e is TimeoutException or System.Net.Sockets.SocketException) return true;
            if (e is DbUpdateException && e is not DbUpdateConcurrencyException && e.InnerException is null) return true;
        }
        return false;
    }
}

using Microsoft.EntityFrameworkCore;

namespace ReshipDashboard.Data;

/// <summary>
/// Tells a database that is busy, locked or out of reach (worth a "数据库繁忙，请重试" and a retry) from a bug, on either
/// provider (<see cref="DatabaseErrors"/> knows their codes).
/// </summary>
public static class DatabaseTrouble
{
    public static bool Is(Exception? error)
    {
        if (DatabaseErrors.IsBusy(error) || DatabaseErrors.IsUnavailable(error)) return true;
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or System.Net.Sockets.SocketException) return true;
            if (e is DbUpdateException && e is not DbUpdateConcurrencyException && e.InnerException is null) return true;
        }
        return false;
    }
}

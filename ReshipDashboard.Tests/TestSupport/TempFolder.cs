using Microsoft.Data.Sqlite;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// A folder of the test's own under the temp path, not made until something is written into it; deleted with all it
/// holds (SQLite's pooled handles on files in it let go first).
/// </summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "reship-tests", "folder-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

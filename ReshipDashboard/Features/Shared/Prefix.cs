namespace ReshipDashboard.Features.Shared;

/// <summary>
/// A "starts with" as a range on an ordinal (binary) index: `value &gt;= prefix AND value &lt; End(prefix)`.
/// SQLite's LIKE is case-insensitive and cannot use a binary index; a range can.
/// </summary>
public static class Prefix
{
    /// <summary>The first string after every string that starts with <paramref name="prefix"/> (ordinal order).</summary>
    public static string End(string prefix) =>
        prefix.Length == 0 ? "\uffff" : prefix[..^1] + (char)(prefix[^1] + 1);
}

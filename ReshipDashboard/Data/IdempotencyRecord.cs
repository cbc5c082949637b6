namespace ReshipDashboard.Data;

/// <summary>
/// A remembered creating POST under an Idempotency-Key, scoped to the API key and the path. A row without
/// a status code is a request still running; only successful responses are kept.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public string Scope { get; set; } = "";
    public string Path { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public string? Location { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

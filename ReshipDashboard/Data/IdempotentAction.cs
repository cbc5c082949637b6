namespace ReshipDashboard.Data;

/// <summary>
/// The API request under an Idempotency-Key that is running now, in this async flow. The save that stores its subject
/// (the created order, reissue, request…) also stores the key's record, in the same transaction: after a crash the
/// key is either free (nothing committed) or answers for what was committed — never "still running".
/// </summary>
public sealed class IdempotentAction(string scope, string path, string key, string requestHash, DateTime startedAtUtc,
    Func<object, bool> isSubject, Func<object, string> locate)
{
    private static readonly AsyncLocal<IdempotentAction?> Running = new();

    public string Scope { get; } = scope;
    public string Path { get; } = path;
    public string Key { get; } = key;
    public string RequestHash { get; } = requestHash;
    public DateTime StartedAtUtc { get; } = startedAtUtc;

    /// <summary>The idempotent action running in this flow, if any.</summary>
    public static IdempotentAction? Current => Running.Value;

    /// <summary>Marks this flow as running <paramref name="action"/> until the returned scope is disposed.</summary>
    public static IDisposable Begin(IdempotentAction action)
    {
        var outer = Running.Value;
        Running.Value = action;
        return new Restore(outer);
    }

    /// <summary>Whether a changed entity is what this action creates.</summary>
    public bool IsSubject(object entity) => isSubject(entity);

    /// <summary>Where the created resource is read (GET), once the save has given it its key.</summary>
    public string Locate(object subject) => locate(subject);

    internal IdempotencyRecord NewRecord() => new()
    {
        Scope = Scope, Path = Path, Key = Key, RequestHash = RequestHash, CreatedAtUtc = StartedAtUtc,
    };

    private sealed class Restore(IdempotentAction? outer) : IDisposable
    {
        public void Dispose() => Running.Value = outer;
    }
}

/// <summary>Another request with the same Idempotency-Key committed first; this one's work was rolled back.</summary>
public sealed class IdempotencyKeyTakenException() : Exception("The Idempotency-Key was used by a request that committed first");

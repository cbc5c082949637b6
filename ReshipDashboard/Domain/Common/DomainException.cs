namespace ReshipDashboard.Domain.Common;

/// <summary>What kind of refusal a domain rule raised; the UI shows the message, the API maps the kind to a status code.</summary>
public enum DomainErrorKind
{
    /// <summary>A value is wrong on its own (API 400).</summary>
    Invalid,
    /// <summary>Something named does not exist (API 404).</summary>
    NotFound,
    /// <summary>A value breaks a stored fact, e.g. a quantity above what was ordered (API 400).</summary>
    BreaksStoredFact,
    /// <summary>The action is not allowed in the current state (API 409).</summary>
    InvalidState,
    /// <summary>Another change won, or a unique value is already taken (API 409).</summary>
    Conflict,
    /// <summary>The caller's role or key scope does not allow the action (API 403).</summary>
    Forbidden,
}

/// <summary>
/// A refused action. <see cref="MessageKey"/> is a localizable text (Chinese, the resource key) with
/// <see cref="Arguments"/> for its placeholders, so every door can show it in the user's language.
/// </summary>
public sealed class DomainException(DomainErrorKind kind, string messageKey, params object?[] arguments)
    : Exception(string.Format(System.Globalization.CultureInfo.InvariantCulture, messageKey, arguments))
{
    public DomainErrorKind Kind { get; } = kind;
    public string MessageKey { get; } = messageKey;
    public object?[] Arguments { get; } = arguments;

    /// <summary>Which input field the refusal is about, when it is about one (API `errors` key).</summary>
    public string? Field { get; init; }

    public static DomainException Invalid(string field, string key, params object?[] args) =>
        new(DomainErrorKind.Invalid, key, args) { Field = field };

    public static DomainException NotFound(string key, params object?[] args) =>
        new(DomainErrorKind.NotFound, key, args);

    public static DomainException State(string key, params object?[] args) =>
        new(DomainErrorKind.InvalidState, key, args);

    public static DomainException Conflict(string key, params object?[] args) =>
        new(DomainErrorKind.Conflict, key, args);

    public static DomainException Forbidden(string key, params object?[] args) =>
        new(DomainErrorKind.Forbidden, key, args);

    /// <summary>Another change won: the record changed since it was read (a stale version token, a concurrent save).</summary>
    public const string ChangedByOthersMessage = "已被他人处理，请重新读取后再试";

    /// <summary><see cref="ChangedByOthersMessage"/>, naming the status the winner left.</summary>
    public const string ChangedByOthersStatusMessage = "已被他人处理，当前状态为{0}";

    /// <summary>
    /// The one answer to a lost race, whoever asks (page, API, job): with the record's status now, when it was read.
    /// </summary>
    public static DomainException ChangedByOthers(string? statusNow = null) => statusNow is null
        ? Conflict(ChangedByOthersMessage)
        : Conflict(ChangedByOthersStatusMessage, statusNow);
}

using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Features.Api;

/// <summary>Collects every problem of a request body, so one 400 names them all (`errors: {field: [messages]}`).</summary>
public sealed class ApiInputErrors
{
    private readonly List<(string Field, string Key, object?[] Args)> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string key, params object?[] args) => _errors.Add((field, key, args));

    /// <summary>A 400 naming every field, or null when there is nothing to say.</summary>
    public ApiProblem? ToProblem(ApiProblemWriter problems)
    {
        if (_errors.Count == 0) return null;
        var messages = _errors.GroupBy(e => e.Field).ToDictionary(
            g => g.Key,
            g => g.Select(e => problems.Message(e.Key, e.Args)).ToArray());
        var problem = problems.Create(StatusCodes.Status400BadRequest, "请求参数有误");
        problem.Detail = messages.First().Value[0];
        problem.Extensions["errors"] = messages;
        return problems.Result(problem);
    }

    /// <summary>Reads an API word (snake_case) into its enum, or notes the field as wrong.</summary>
    public T? Word<T>(string field, string? word, bool required = true) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(word))
        {
            if (required) Add(field, "请填写{0}", field);
            return null;
        }
        if (ApiWords.TryParse<T>(word.Trim(), out var value)) return value;
        Add(field, "{0} 的取值无效：{1}", field, word);
        return null;
    }

    /// <summary>Reads an ISO 8601 time with offset into UTC, or notes the field as wrong.</summary>
    public DateTime? Time(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out var value) && HasOffset(text))
            return value.UtcDateTime;
        Add(field, "{0} 须为带时区的 ISO 8601 时间，如 2026-11-26T13:05:00+08:00", field);
        return null;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':';
}

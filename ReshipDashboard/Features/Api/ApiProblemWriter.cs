using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// RFC 7807 problem+json answers with a human title and detail in the caller's language (Accept-Language,
/// Chinese by default). Message keys are the Chinese texts of the app's resources.
/// </summary>
public sealed class ApiProblemWriter(IStringLocalizer<SharedResource> localizer)
{
    public static readonly JsonSerializerOptions Json = ApiJson.Options;

    public ProblemDetails Create(int status, string titleKey, string? detailKey = null, object?[]? args = null,
        IDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = localizer[titleKey].Value,
            Detail = detailKey is null ? null : UserMessages.Format(localizer, detailKey, args ?? []),
            Type = $"https://httpstatuses.io/{status}",
        };
        if (errors is not null) problem.Extensions["errors"] = errors;
        return problem;
    }

    public string Message(string key, params object?[] args) => UserMessages.Format(localizer, key, args);

    public ApiProblem Result(ProblemDetails problem, TimeSpan? retryAfter = null) => new(problem, retryAfter);

    public ApiProblem FromDomain(DomainException e)
    {
        var status = StatusFor(e.Kind);
        var detail = UserMessages.Format(localizer, e.MessageKey, e.Arguments);
        var problem = Create(status, TitleFor(e.Kind));
        problem.Detail = detail;
        if (status == StatusCodes.Status400BadRequest)
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [e.Field ?? "body"] = [detail] };
        return Result(problem);
    }

    public ApiProblem Validation(string field, string messageKey, params object?[] args)
    {
        var detail = UserMessages.Format(localizer, messageKey, args);
        var problem = Create(StatusCodes.Status400BadRequest, "请求参数有误");
        problem.Detail = detail;
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        return Result(problem);
    }

    public ApiProblem NotFound(string messageKey, params object?[] args)
    {
        var problem = Create(StatusCodes.Status404NotFound, "未找到");
        problem.Detail = UserMessages.Format(localizer, messageKey, args);
        return Result(problem);
    }

    public Task WriteAsync(HttpContext http, int status, string titleKey, string? detailKey = null, TimeSpan? retryAfter = null)
    {
        var problem = Create(status, titleKey, detailKey);
        return new ApiProblem(problem, retryAfter).ExecuteAsync(http);
    }

    public static int StatusFor(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Invalid or DomainErrorKind.BreaksStoredFact => StatusCodes.Status400BadRequest,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status409Conflict,
    };

    private static string TitleFor(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Invalid or DomainErrorKind.BreaksStoredFact => "请求参数有误",
        DomainErrorKind.NotFound => "未找到",
        DomainErrorKind.InvalidState => "当前状态不允许此操作",
        DomainErrorKind.Forbidden => "无权执行此操作",
        _ => "操作冲突",
    };
}

/// <summary>A problem+json answer, as a typed result endpoints can name in their <c>Results&lt;…&gt;</c>.</summary>
public sealed class ApiProblem(ProblemDetails problem, TimeSpan? retryAfter) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = problem.Status ?? 500;
        if (retryAfter is { } wait)
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.ContentType = "application/problem+json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, problem, ApiProblemWriter.Json, http.RequestAborted);
    }
}

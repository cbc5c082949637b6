using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Api;

/// <summary>The integration API's plumbing: key scheme, scopes, rate and size limits, problem+json for every refusal.</summary>
public static class ApiSetup
{
    public const string RateLimitPolicy = "api-key";
    public const long JsonBodyLimit = 1024 * 1024;
    public const long UploadBodyLimit = 5 * 1024 * 1024;

    public static IServiceCollection AddReshipApi(this IServiceCollection services)
    {
        services.AddSingleton<ApiProblemWriter>();
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UnknownKeyLimiter>();
        services.AddSingleton<ConfiguredApiKeys>();
        services.AddSingleton<IdempotencySweep>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencySweep>());
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        // Malformed input is thrown as BadHttpRequestException, so that the 400 can name the field the JSON
        // reader stopped at (HandleExceptionAsync); never a 500, in Development too.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddAuthentication()
            .AddScheme<ApiKeyOptions, ApiKeyAuthenticationHandler>(ApiKeyOptions.Scheme, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.Platform, p => p.AddAuthenticationSchemes(ApiKeyOptions.Scheme).RequireClaim(ApiScopes.ClaimType, ApiScopes.Platform))
            .AddPolicy(ApiScopes.Courier, p => p.AddAuthenticationSchemes(ApiKeyOptions.Scheme).RequireClaim(ApiScopes.ClaimType, ApiScopes.Courier))
            .AddPolicy(ApiScopes.Erp, p => p.AddAuthenticationSchemes(ApiKeyOptions.Scheme).RequireClaim(ApiScopes.ClaimType, ApiScopes.Erp))
            .AddPolicy(ApiScopes.PlatformOrErp, p => p.AddAuthenticationSchemes(ApiKeyOptions.Scheme)
                .RequireAssertion(c => c.User.HasClaim(ApiScopes.ClaimType, ApiScopes.Platform) || c.User.HasClaim(ApiScopes.ClaimType, ApiScopes.Erp)));
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RateLimitPolicy, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(ApiKeyAuthenticationHandler.CallerKey(http.User),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limit.Burst,
                        TokensPerPeriod = limit.PerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                if (!context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    await Accounts.AccountSetup.WriteSignInRejectedAsync(context, cancellationToken);
                    return;
                }
                var writer = context.HttpContext.RequestServices.GetRequiredService<ApiProblemWriter>();
                await writer.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "请求过于频繁", "请稍后再试", TimeSpan.FromSeconds(1));
            };
        });
        return services;
    }

    /// <summary>Error handling for /api: problem+json for bare status codes, busy database → 503, lost race → 409.</summary>
    public static IApplicationBuilder UseReshipApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = HandleExceptionAsync,
                AllowStatusCode404Response = true,
                // A client's bad body or a refused or lost action is answered with its 4xx and is no server error:
                // only what ends in a 5xx is logged as one.
                SuppressDiagnosticsCallback = context => IsTheClients(context.Exception),
            });
            api.UseStatusCodePages(async context =>
            {
                var http = context.HttpContext;
                if (http.Response.HasStarted || http.Response.ContentLength > 0 || http.Response.ContentType is not null) return;
                var writer = http.RequestServices.GetRequiredService<ApiProblemWriter>();
                // A body in another media type is malformed input for a JSON endpoint: the contract answers 400.
                if (http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType) http.Response.StatusCode = StatusCodes.Status400BadRequest;
                var (title, detail) = http.Response.StatusCode switch
                {
                    404 => ("未找到", "没有这个接口或资源"),
                    405 => ("不支持的请求方法", "该接口不支持此请求方法"),
                    413 => ("请求体过大", "请求体超过了大小上限"),
                    _ => ("请求参数有误", "请以 application/json 发送请求体"),
                };
                if (http.Response.StatusCode == StatusCodes.Status400BadRequest)
                {
                    await writer.Result(writer.Create(400, title, detail, errors: new Dictionary<string, string[]>
                    {
                        ["body"] = [writer.Create(400, title, detail).Detail ?? ""],
                    })).ExecuteAsync(http);
                    return;
                }
                await writer.WriteAsync(http, http.Response.StatusCode, title, detail);
            });
            // No API endpoint here (unknown path → 404, wrong method → routing's 405): answered before
            // authentication, so the pages' sign-in policy cannot turn it into a 401.
            api.Use(async (http, next) =>
            {
                var endpoint = http.GetEndpoint();
                if (endpoint is null)
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null && endpoint.RequestDelegate is { } answer)
                {
                    await answer(http);
                    return;
                }
                await next(http);
            });
        });

    /// <summary>
    /// Body size limits for /api (JSON 1 MiB, the bulk tracking upload 5 MiB), placed after authentication,
    /// authorization and rate limiting so that checks answer in api.md's order: 401, 403, 429, then 413.
    /// </summary>
    public static IApplicationBuilder UseReshipApiBodyLimits(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.Use(async (http, next) =>
            {
                var limit = http.Request.Path.Value?.EndsWith("/tracking-uploads", StringComparison.Ordinal) == true ? UploadBodyLimit : JsonBodyLimit;
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
                if (http.Request.ContentLength > limit)
                {
                    await http.RequestServices.GetRequiredService<ApiProblemWriter>()
                        .WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "请求体过大", limit == UploadBodyLimit ? "批量上传最大 5 MiB" : "JSON 请求体最大 1 MiB");
                    return;
                }
                if (UnreadableCharset(http.Request) is { } charset)
                {
                    await http.RequestServices.GetRequiredService<ApiProblemWriter>()
                        .Validation("Content-Type", "JSON 请求体须为 UTF-8，不支持的字符集：{0}", charset).ExecuteAsync(http);
                    return;
                }
                // Idempotent creates hash the body after it has been bound, so keep it readable.
                if (http.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpointMetadata>() is not null) http.Request.EnableBuffering();
                await next(http);
            });
        });

    /// <summary>The charset of a JSON body when it is anything but UTF-8 (the contract's only encoding), else null.</summary>
    internal static string? UnreadableCharset(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)) return null;
        if (!type.MediaType.Value?.EndsWith("json", StringComparison.OrdinalIgnoreCase) ?? true) return null;
        if (!type.Charset.HasValue) return null;
        var charset = type.Charset.Value!.Trim('"');
        if (charset.Length == 0) return "\"\"";
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : charset.Length > 40 ? charset[..40] : charset;
    }

    private static bool IsTheClients(Exception error) =>
        error is DomainException or BadHttpRequestException or DbUpdateConcurrencyException || DatabaseErrors.IsDuplicate(error);

    private static async Task HandleExceptionAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var writer = http.RequestServices.GetRequiredService<ApiProblemWriter>();
        switch (error)
        {
            case DomainException e:
                await writer.FromDomain(e).ExecuteAsync(http);
                break;
            case BadHttpRequestException bad:
                await BadRequestAsync(http, writer, bad);
                break;
            case DbUpdateConcurrencyException:
                await writer.WriteAsync(http, StatusCodes.Status409Conflict, "操作冲突", DomainException.ChangedByOthersMessage);
                break;
            case var e when DatabaseErrors.IsDuplicate(e):
                // A concurrent writer took the same unique value first.
                await writer.WriteAsync(http, StatusCodes.Status409Conflict, "操作冲突", DomainException.ChangedByOthersMessage);
                break;
            case var e when DatabaseErrors.IsBusy(e):
                await writer.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "系统繁忙", "数据库正忙，请稍后重试", TimeSpan.FromSeconds(2));
                break;
            case var e when DatabaseErrors.IsUnavailable(e):
                await writer.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "数据库不可用", "数据库暂时无法连接，请稍后重试", TimeSpan.FromSeconds(5));
                break;
            default:
                await writer.WriteAsync(http, StatusCodes.Status500InternalServerError, "服务器内部错误", "请稍后重试");
                break;
        }
    }

    /// <summary>
    /// A body or parameter the endpoint could not bind: 400 naming the field where the JSON reader stopped
    /// (`items[0].quantity`), 413 for a body over the limit, 400 for a body that is not JSON at all.
    /// </summary>
    private static async Task BadRequestAsync(HttpContext http, ApiProblemWriter writer, BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await writer.WriteAsync(http, 413, "请求体过大", "请求体超过了大小上限");
            return;
        }
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            await writer.Validation("body", "请以 application/json 发送请求体").ExecuteAsync(http);
            return;
        }
        var json = FindJsonException(bad);
        // A syntax error (the reader's own exception inside) is about the body; a value of the wrong type names its field.
        var syntax = json?.InnerException is System.Text.Json.JsonException;
        if (!syntax && json?.Path is { Length: > 1 } path && path != "$")
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
            if (field.Length > 100) field = field[..100];
            await writer.Validation(field, "{0} 的类型或取值无效", field).ExecuteAsync(http);
            return;
        }
        await writer.Validation("body", json is null ? "请求无法解析" : "请求体不是有效的 JSON").ExecuteAsync(http);
    }

    private static System.Text.Json.JsonException? FindJsonException(Exception? e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is System.Text.Json.JsonException json) return json;
        return null;
    }

    /// <summary>The /api/v1 group: every endpoint needs a key, is rate limited per key and turns domain refusals into problems.</summary>
    public static RouteGroupBuilder MapReshipApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = ApiKeyOptions.Scheme })
            .RequireRateLimiting(RateLimitPolicy)
            .DisableAntiforgery();
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var current = http.RequestServices.GetRequiredService<CurrentActor>();
            // The key's principal stated once: an API request has no Blazor authentication state to ask.
            current.User = http.User;
            current.Actor = Actor.ApiKey(http.User.FindFirstValue(ClaimTypes.Name) ?? "api");
            try
            {
                // A control character (e.g. NUL, which PostgreSQL cannot hold in text) in a query value is refused
                // by name on every provider, as it is in a JSON body.
                foreach (var (name, values) in http.Request.Query)
                {
                    if (values.Any(v => TextInput.HasControlCharacter(v) || TextInput.HasLoneSurrogate(v)))
                        throw DomainException.Invalid(name, "含有无效字符");
                }
                return await next(context);
            }
            catch (DomainException e)
            {
                return http.RequestServices.GetRequiredService<ApiProblemWriter>().FromDomain(e);
            }
        });
        return api;
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;

namespace ReshipDashboard.Features.Api;

/// <summary>Marks an endpoint whose request body is kept readable for the <see cref="IdempotencyFilter"/>.</summary>
public sealed class IdempotentEndpointMetadata;

/// <summary>
/// Idempotency-Key for creating POSTs (api.md): scoped to the API key and the path. The same key with the same
/// body answers the first response again (status, body, Location) without running the action; a different body,
/// or a repeat while the first is still running, → 409. Only successful (2xx) responses are remembered; a failed
/// one frees the key.
/// </summary>
public sealed class IdempotencyFilter(
    IDbContextFactory<ReshipDbContext> factory,
    ApiProblemWriter problems,
    TimeProvider time,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    /// <summary>A request still marked running after this long is taken to have died, and its key is freed.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return await next(context);

        var key = values.ToString().Trim();
        if (values.Count != 1 || key.Length > MaxKeyLength)
            return problems.Validation(Header, "Idempotency-Key 须为 1–200 个字符");

        var scope = ApiKeyAuthenticationHandler.CallerKey(http.User);
        var path = http.Request.Path.Value ?? "";
        if (path.Length > 200) path = path[..200];
        var hash = await HashBodyAsync(http.Request, http.RequestAborted);

        var claim = await ClaimAsync(scope, path, key, hash);
        if (claim.Replay is { } earlier) return new ReplayResult(earlier);
        if (claim.Refusal is { } refusal) return refusal;

        try
        {
            var result = await next(context);
            var inner = result as IResult ?? TypedResults.Json(result, json.Value.SerializerOptions);
            return new RecordingResult(inner, claim.RecordId, factory);
        }
        catch
        {
            await ReleaseAsync(factory, claim.RecordId);
            throw;
        }
    }

    private async Task<(long RecordId, IdempotencyRecord? Replay, IResult? Refusal)> ClaimAsync(string scope, string path, string key, string hash)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var existing = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.Scope == scope && r.Path == path && r.Key == key);
        if (existing is { StatusCode: null } && now - existing.CreatedAtUtc > AbandonedAfter)
        {
            db.IdempotencyRecords.Remove(existing);
            await db.SaveChangesAsync();
            existing = null;
        }
        if (existing is not null)
        {
            if (existing.RequestHash != hash)
                return (0, null, Conflict("同一个 Idempotency-Key 已用于内容不同的请求"));
            if (existing.StatusCode is null)
                return (0, null, Conflict("使用同一个 Idempotency-Key 的请求仍在处理中，请稍后再试"));
            return (0, existing, null);
        }
        var record = new IdempotencyRecord { Scope = scope, Path = path, Key = key, RequestHash = hash, CreatedAtUtc = now };
        db.IdempotencyRecords.Add(record);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return (record.Id, null, null);
    }

    private IResult Conflict(string detailKey) =>
        problems.Result(problems.Create(StatusCodes.Status409Conflict, "操作冲突", detailKey));

    private static async Task<string> HashBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.Body.CanSeek) request.EnableBuffering();
        request.Body.Position = 0;
        var digest = await SHA256.HashDataAsync(request.Body, cancellationToken);
        request.Body.Position = 0;
        return Fingerprint(request.Method, digest);
    }

    /// <summary>What "the same request" means: the method and the SHA-256 of the body bytes.</summary>
    public static string Fingerprint(string method, byte[] bodyDigest)
    {
        var methodDigest = SHA256.HashData(Encoding.UTF8.GetBytes(method));
        return Convert.ToHexString(SHA256.HashData([.. methodDigest, .. bodyDigest]));
    }

    private static async Task ReleaseAsync(IDbContextFactory<ReshipDbContext> factory, long recordId)
    {
        await using var db = await factory.CreateDbContextAsync();
        await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteDeleteAsync();
    }

    /// <summary>Runs the endpoint's answer into a buffer, remembers it when it succeeded (else frees the key), then sends it.</summary>
    private sealed class RecordingResult(IResult inner, long recordId, IDbContextFactory<ReshipDbContext> factory) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await inner.ExecuteAsync(http);
            }
            catch
            {
                http.Response.Body = original;
                await ReleaseAsync(factory, recordId);
                throw;
            }
            http.Response.Body = original;

            var status = http.Response.StatusCode;
            if (status is >= 200 and < 300)
            {
                await using var db = await factory.CreateDbContextAsync();
                var location = http.Response.Headers.Location.ToString();
                await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.StatusCode, status)
                    .SetProperty(r => r.ResponseBody, Encoding.UTF8.GetString(buffer.ToArray()))
                    .SetProperty(r => r.Location, string.IsNullOrEmpty(location) ? null : location));
            }
            else
            {
                await ReleaseAsync(factory, recordId);
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
        }
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = record.StatusCode ?? StatusCodes.Status200OK;
            if (record.Location is { } location) http.Response.Headers.Location = location;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(record.ResponseBody ?? "", http.RequestAborted);
        }
    }
}

public static class IdempotencyExtensions
{
    /// <summary>Lets this creating POST honour an Idempotency-Key header (api.md).</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IdempotentEndpointMetadata()).AddEndpointFilter<IdempotencyFilter>();
}

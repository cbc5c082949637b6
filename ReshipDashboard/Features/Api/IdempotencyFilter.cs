using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// Marks an endpoint that honours an Idempotency-Key: what it creates (<see cref="IsSubject"/>), where that is read
/// again (<see cref="Locate"/>, a GET path of this API), and whether its answer names it in a Location header.
/// </summary>
public sealed class IdempotentEndpointMetadata(Func<object, bool> isSubject, Func<HttpContext, object, string> locate, bool sendsLocation)
{
    public Func<object, bool> IsSubject { get; } = isSubject;
    public Func<HttpContext, object, string> Locate { get; } = locate;
    public bool SendsLocation { get; } = sendsLocation;
}

/// <summary>
/// Idempotency-Key for creating POSTs (api.md): scoped to the API key and the path. The key's record is written by the
/// action's own save, in its transaction (<see cref="IdempotentAction"/>), so a key is either free or answers for a
/// committed action — after a crash too. The same key with the same body answers the first response again (status,
/// body, Location) without running the action; a different body → 409; a repeat while the first still runs → 409
/// (<see cref="RunningIdempotencyKeys"/>, which nothing stores). A failed action leaves the key free. When the
/// process died between the commit and the answer, the replay reads the created resource and answers it as created.
/// </summary>
public sealed class IdempotencyFilter(
    IDbContextFactory<ReshipDbContext> factory,
    RunningIdempotencyKeys running,
    ApiProblemWriter problems,
    TimeProvider time,
    ILogger<IdempotencyFilter> logger,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return await next(context);

        var key = values.ToString().Trim();
        if (values.Count != 1 || key.Length > MaxKeyLength)
            return problems.Validation(Header, "Idempotency-Key 须为 1–200 个字符");
        var metadata = http.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpointMetadata>()
            ?? throw new InvalidOperationException("An idempotent endpoint is mapped with WithIdempotency");

        var scope = ApiKeyAuthenticationHandler.CallerKey(http.User);
        var path = http.Request.Path.Value ?? "";
        if (path.Length > 200) path = path[..200];
        var hash = await HashBodyAsync(http.Request, http.RequestAborted);

        if (await FindAsync(scope, path, key) is { } earlier) return Answer(earlier, hash, metadata);

        var hold = await running.TryHoldAsync(scope, path, key, http.RequestAborted);
        if (hold is null) return Conflict("使用同一个 Idempotency-Key 的请求仍在处理中，请稍后再试");
        http.Response.RegisterForDisposeAsync(hold); // freed with the request at the latest, whatever becomes of its answer
        try
        {
            // Looked up again under the hold: the first may have finished between the lookup above and the hold.
            if (await FindAsync(scope, path, key) is { } finished)
            {
                await hold.DisposeAsync();
                return Answer(finished, hash, metadata);
            }
            var action = new IdempotentAction(scope, path, key, hash, time.GetUtcNow().UtcDateTime,
                metadata.IsSubject, subject => metadata.Locate(http, subject));
            object? result;
            using (IdempotentAction.Begin(action))
            {
                try
                {
                    result = await next(context);
                }
                catch (IdempotencyKeyTakenException)
                {
                    // Another process with the same key committed while this one ran; this one's work was rolled back.
                    await hold.DisposeAsync();
                    return await FindAsync(scope, path, key) is { } winner
                        ? Answer(winner, hash, metadata)
                        : Conflict("同一个 Idempotency-Key 的请求刚刚处理完，请重试");
                }
            }
            var inner = result as IResult ?? TypedResults.Json(result, json.Value.SerializerOptions);
            return new RecordingResult(inner, action, metadata, this, hold);
        }
        catch
        {
            await hold.DisposeAsync();
            throw;
        }
    }

    private async Task<IdempotencyRecord?> FindAsync(string scope, string path, string key)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Path == path && r.Key == key);
    }

    private IResult Answer(IdempotencyRecord record, string hash, IdempotentEndpointMetadata metadata) =>
        record.RequestHash != hash
            ? Conflict("同一个 Idempotency-Key 已用于内容不同的请求")
            : new ReplayResult(record, metadata, this);

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

    /// <summary>Keeps the answer beside the record the action's transaction wrote.</summary>
    private async Task<bool> StoreAnswerAsync(IdempotentAction action, int status, string body, string? location)
    {
        await using var db = await factory.CreateDbContextAsync();
        var stored = await db.IdempotencyRecords
            .Where(r => r.Scope == action.Scope && r.Path == action.Path && r.Key == action.Key && r.RequestHash == action.RequestHash)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ResponseBody, body));
        if (stored > 0 || location is null) return stored > 0;
        // The action created nothing this endpoint names as its subject: keep the answer in a record of its own.
        logger.LogWarning("Idempotent {Path} committed without its key's record; storing the answer on its own", action.Path);
        var record = new IdempotencyRecord
        {
            Scope = action.Scope, Path = action.Path, Key = action.Key, RequestHash = action.RequestHash,
            CreatedAtUtc = action.StartedAtUtc, StatusCode = status, ResponseBody = body, Location = location,
        };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DuplicateValueException)
        {
            return false;
        }
    }

    /// <summary>Runs the endpoint's answer into a buffer, keeps it when it succeeded, then sends it.</summary>
    private sealed class RecordingResult(IResult inner, IdempotentAction action, IdempotentEndpointMetadata metadata, IdempotencyFilter filter,
        IAsyncDisposable hold) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            await using var _ = hold; // the key stays held until its answer is kept

            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await inner.ExecuteAsync(http);
            }
            finally
            {
                http.Response.Body = original;
            }

            var status = http.Response.StatusCode;
            if (status is >= 200 and < 300)
            {
                var location = http.Response.Headers.Location.ToString();
                await filter.StoreAnswerAsync(action, status, Encoding.UTF8.GetString(buffer.ToArray()), string.IsNullOrEmpty(location) ? null : location);
            }
            else if (await filter.FindAsync(action.Scope, action.Path, action.Key) is { } winner && winner.RequestHash == action.RequestHash)
            {
                // Refused because the same request, sent twice at once, committed first (e.g. "order already exists"):
                // answer what that one answered.
                http.Response.Clear();
                await new ReplayResult(winner, metadata, filter).ExecuteAsync(http);
                return;
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
        }
    }

    private sealed class ReplayResult(IdempotencyRecord record, IdempotentEndpointMetadata metadata, IdempotencyFilter filter) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            string body;
            if (record.ResponseBody is { } stored)
            {
                body = stored;
                http.Response.StatusCode = record.StatusCode ?? StatusCodes.Status201Created;
            }
            else if (await CreatedResource.ReadAsync(http, record.Location) is { } read)
            {
                // The action committed but its answer was never kept (the process died in between): answer the resource.
                body = read;
                http.Response.StatusCode = StatusCodes.Status201Created;
                await filter.StoreAnswerAsync(
                    new IdempotentAction(record.Scope, record.Path, record.Key, record.RequestHash, record.CreatedAtUtc, _ => false, _ => ""),
                    StatusCodes.Status201Created, body, record.Location);
            }
            else
            {
                await filter.Conflict("同一个 Idempotency-Key 的请求已处理，但其结果已无法读取").ExecuteAsync(http);
                return;
            }
            if (metadata.SendsLocation && record.Location is { } location) http.Response.Headers.Location = location;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(body, http.RequestAborted);
        }
    }
}

public static class IdempotencyExtensions
{
    /// <summary>
    /// Lets this creating POST honour an Idempotency-Key header (api.md). <paramref name="locate"/> names the GET path
    /// of the <typeparamref name="TSubject"/> the action creates; <paramref name="sendsLocation"/> says whether the answer
    /// carries it as its Location header.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency<TSubject>(this RouteHandlerBuilder builder, Func<HttpContext, TSubject, string> locate,
        bool sendsLocation = true) where TSubject : class =>
        builder
            .WithMetadata(new IdempotentEndpointMetadata(e => e is TSubject, (http, e) => locate(http, (TSubject)e), sendsLocation))
            .AddEndpointFilter<IdempotencyFilter>();
}

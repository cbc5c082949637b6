using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Accounts;

namespace ReshipDashboard.Features.Api;

public sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    public const string Scheme = ApiScopes.AuthenticationScheme;
    public const string Header = "X-Api-Key";
}

/// <summary>
/// X-Api-Key authentication. Keys from configuration `Api:Keys` may call everything; keys created on the owner's
/// page (stored as SHA-256 hashes) their scopes. Unknown, revoked or missing keys answer 401, keys outside their
/// scopes 403, both as problem+json — never a redirect. Keys are never logged.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IConfiguration configuration,
    IDbContextFactory<ReshipDbContext> factory,
    ApiProblemWriter problems,
    UnknownKeyLimiter unknownKeys)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyOptions.Header, out var values) || values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            return AuthenticateResult.NoResult();
        if (FromConfiguration(values[0]!) is { } configured) return configured;

        var hash = StoredApiKey.HashOf(values[0]!);
        // A key not seen to be valid costs its client address a token before the database is asked.
        if (!unknownKeys.IsKnown(hash) && !unknownKeys.TryAcquire(Context.Connection.RemoteIpAddress))
        {
            Context.Items[ThrottledItem] = true;
            return AuthenticateResult.Fail("Too many unknown API keys from this address");
        }
        await using var db = await factory.CreateDbContextAsync(Context.RequestAborted);
        var stored = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        if (stored is null || stored.IsRevoked) return AuthenticateResult.Fail("Unknown or revoked API key");
        unknownKeys.Remember(hash);
        var claims = new List<Claim> { new(ClaimTypes.Name, stored.Name), new(ApiKeyIdClaim, stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        claims.AddRange(stored.ScopeList.Select(s => new Claim(ApiScopes.ClaimType, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyOptions.Scheme)), ApiKeyOptions.Scheme));
    }

    public const string ApiKeyIdClaim = "api_key_id";
    private const string ThrottledItem = "reship.api-key-throttled";

    /// <summary>
    /// Which key is calling, for what is scoped to a key (idempotency records, the rate limit): a stored key by its
    /// id, a configured key by its position. Never the display name, which two keys may share.
    /// </summary>
    public static string CallerKey(ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyIdClaim) is { } id ? $"stored:{id}" : $"config:{user.FindFirstValue(ClaimTypes.Name) ?? "anonymous"}";

    private AuthenticateResult? FromConfiguration(string value)
    {
        var presented = Encoding.UTF8.GetBytes(value);
        var keys = configuration.GetSection("Api:Keys").Get<string[]>() ?? [];
        for (var i = 0; i < keys.Length; i++)
        {
            if (string.IsNullOrEmpty(keys[i])) continue;
            if (!CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(keys[i]))) continue;
            var claims = new List<Claim> { new(ClaimTypes.Name, $"config-key-{i + 1}") };
            claims.AddRange(ApiScopes.All.Select(s => new Claim(ApiScopes.ClaimType, s)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyOptions.Scheme));
            return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyOptions.Scheme));
        }
        return null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.Items.ContainsKey(ThrottledItem)
            ? problems.WriteAsync(Context, StatusCodes.Status429TooManyRequests, "请求过于频繁", "未知的 API 密钥过多，请稍后再试", UnknownKeyLimiter.RetryAfter)
            : problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "缺少或未知的 API 密钥", "请在 X-Api-Key 请求头中提供有效的 API 密钥");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "API 密钥无权调用此接口", "该 API 密钥的权限范围不包含此接口");
}

/// <summary>
/// Limits the unknown API keys a client address may present (api.md: before any lookup): each key not yet seen to be
/// valid takes a token of its address's bucket; an empty bucket answers 429 without touching the database. Keys seen
/// valid are remembered (their hashes only) and never limited here — the per-key rate limit applies to them.
/// </summary>
public sealed class UnknownKeyLimiter : IDisposable
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private const int MaxRemembered = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);
    private readonly System.Threading.RateLimiting.PartitionedRateLimiter<string> _limiter =
        System.Threading.RateLimiting.PartitionedRateLimiter.Create<string, string>(address =>
            System.Threading.RateLimiting.RateLimitPartition.GetTokenBucketLimiter(address, _ => new System.Threading.RateLimiting.TokenBucketRateLimiterOptions
            {
                TokenLimit = 20,
                TokensPerPeriod = 5,
                ReplenishmentPeriod = RetryAfter,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    public bool IsKnown(string hash) => _known.ContainsKey(hash);

    public void Remember(string hash)
    {
        if (_known.Count < MaxRemembered) _known.TryAdd(hash, 0);
    }

    public bool TryAcquire(System.Net.IPAddress? address)
    {
        using var lease = _limiter.AttemptAcquire(address?.ToString() ?? "local");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

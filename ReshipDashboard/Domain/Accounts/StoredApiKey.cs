using System.Security.Cryptography;
using System.Text;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Accounts;

/// <summary>
/// An API key created on the owner's page: only its SHA-256 hash is stored, the key itself is shown once.
/// A revoked key stays (for the audit trail) and is refused.
/// </summary>
public sealed class StoredApiKey : RaisesEvents
{
    public const string SecretPrefix = "rsk_";

    private StoredApiKey() { }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Hint { get; private set; } = "";
    public string Hash { get; private set; } = "";
    public string Scopes { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime? RevokedAtUtc { get; private set; }
    public string? RevokedBy { get; private set; }

    public bool IsRevoked => RevokedAtUtc is not null;

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A new key for the given scopes; the secret is returned once and never stored.</summary>
    public static (StoredApiKey Key, string Secret) Create(string? name, IEnumerable<string> scopes, IReadOnlyCollection<string> knownScopes,
        Actor actor, DateTime nowUtc)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > 100) throw DomainException.Invalid("name", "请填写密钥名称（最多 100 个字）");
        var chosen = scopes.Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0) throw DomainException.Invalid("scopes", "请至少选择一个权限范围");
        if (chosen.FirstOrDefault(s => !knownScopes.Contains(s)) is { } unknown)
            throw DomainException.Invalid("scopes", "未知的权限范围 {0}", unknown);
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new StoredApiKey
        {
            Name = trimmed,
            Hint = secret[..(SecretPrefix.Length + 4)] + "…",
            Hash = HashOf(secret),
            Scopes = string.Join(' ', knownScopes.Where(chosen.Contains)),
            CreatedAtUtc = nowUtc,
            CreatedBy = actor.ToString(),
        };
        key.Raise(new ApiKeyCreated(actor, nowUtc, key));
        return (key, secret);
    }

    public void Revoke(Actor actor, DateTime nowUtc)
    {
        if (IsRevoked) throw DomainException.State("该密钥已吊销");
        RevokedAtUtc = nowUtc;
        RevokedBy = actor.ToString();
        Raise(new ApiKeyRevoked(actor, nowUtc, this));
    }

    /// <summary>Hex SHA-256 of the presented key: what is stored and looked up.</summary>
    public static string HashOf(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

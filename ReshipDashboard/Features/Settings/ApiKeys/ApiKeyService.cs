using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Accounts;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Settings.ApiKeys;

public sealed record ApiKeyRow(int Id, string Name, string Hint, IReadOnlyList<string> Scopes, DateTime CreatedAtUtc, string CreatedBy,
    DateTime? RevokedAtUtc, string? RevokedBy);

/// <summary>The key as created: the secret is in this answer only, never stored or shown again.</summary>
public sealed record CreatedApiKey(ApiKeyRow Key, string Secret);

/// <summary>API keys for the integration API: create (shown once), list, revoke — owner only, each change audited.</summary>
public sealed class ApiKeyService(IDbContextFactory<ReshipDbContext> factory, AccessGuard guard, CurrentActor current, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.ApiKeysManage);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAtUtc != null).ThenByDescending(k => k.CreatedAtUtc).ToListAsync(cancellationToken);
        return keys.Select(ToRow).ToList();
    }

    public async Task<CreatedApiKey> CreateAsync(string? name, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.ApiKeysManage);
        var now = clock.GetUtcNow().UtcDateTime;
        var (key, secret) = StoredApiKey.Create(name, scopes, ApiScopes.All, current.Actor, now);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(ToRow(key), secret);
    }

    public async Task<ApiKeyRow> RevokeAsync(int id, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.ApiKeysManage);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw DomainException.NotFound("未找到该 API 密钥");
        key.Revoke(current.Actor, now);
        await db.SaveChangesAsync(cancellationToken);
        return ToRow(key);
    }

    private static ApiKeyRow ToRow(StoredApiKey k) =>
        new(k.Id, k.Name, k.Hint, k.ScopeList, k.CreatedAtUtc, k.CreatedBy, k.RevokedAtUtc, k.RevokedBy);
}

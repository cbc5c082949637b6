using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Settings.Audit;

public sealed record AuditQuery(string? Actor = null, string? EntityType = null, string? Action = null, string? EntityId = null,
    DateTime? FromUtc = null, DateTime? ToUtc = null, int Page = 0, int PageSize = 50);

public sealed record AuditFacets(IReadOnlyList<string> EntityTypes, IReadOnlyList<string> Actions);

/// <summary>The one audit trail, read: newest first, filtered by who, what, which entity and when; owner only.</summary>
public sealed class AuditLogService(IDbContextFactory<ReshipDbContext> factory, AccessGuard guard)
{
    public async Task<PagedResult<AuditLine>> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.AuditRead);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking();
        if (query.Actor?.Trim() is { Length: > 0 } actor) entries = entries.Where(e => e.ActorName.Contains(actor));
        if (query.EntityType?.Trim() is { Length: > 0 } type) entries = entries.Where(e => e.EntityType == type);
        if (query.Action?.Trim() is { Length: > 0 } action) entries = entries.Where(e => e.Action == action);
        if (int.TryParse(query.EntityId, out var entityId)) entries = entries.Where(e => e.EntityId == entityId);
        else if (query.EntityId?.Trim().ToUpperInvariant() is { Length: > 0 } number)
        {
            // The numbers people know: a reissue's BF number, or an order's number for everything about the order.
            var reissues = db.Reissues.Where(r => r.ReissueNo == number).Select(r => r.Id);
            var orders = db.Orders.Where(o => o.OrderNo == number).Select(o => (int?)o.Id);
            entries = entries.Where(e => (e.EntityType == AuditSubjects.Reissue && reissues.Contains(e.EntityId)) || orders.Contains(e.OrderId));
        }
        if (query.FromUtc is { } from) entries = entries.Where(e => e.AtUtc >= from);
        if (query.ToUtc is { } to) entries = entries.Where(e => e.AtUtc < to);

        var total = await entries.CountAsync(cancellationToken);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var rows = await db.ReadLinesAsync(entries.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, query.Page) * size).Take(size), cancellationToken);
        return new(rows, total);
    }

    /// <summary>The entity types and actions present, for the filter lists.</summary>
    public async Task<AuditFacets> FacetsAsync(CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.AuditRead);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var types = await db.AuditEntries.Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        var actions = await db.AuditEntries.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        return new(types, actions);
    }
}

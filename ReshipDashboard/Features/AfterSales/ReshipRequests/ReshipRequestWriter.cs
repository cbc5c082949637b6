using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>
/// What every action on a reship request shares, whoever asks (buyer via the platform, the merchant on the page or
/// through an ERP, the platform's ruling, the deadline job): one transaction that loads the request, lets the entity
/// decide, and saves the change with the events it raised (audit entries, feed events); a stale writer loses with 已被他人处理 and the
/// status the winner left.
/// </summary>
public sealed class ReshipRequestWriter(
    IDbContextFactory<ReshipDbContext> factory,
    ReissuePipeline pipeline,
    WaybillSignal waybill,
    ReshipRequestChanges changes,
    CurrentActor current,
    ShopClock clock,
    IOptions<ShopSettings> options)
{
    public ShopSettings Settings => options.Value;

    /// <summary>
    /// Loads the request with what every action needs inside the writing transaction, acts, saves and commits. A
    /// concurrent winner has committed before the load (the loser's action is refused by the request's state) or
    /// makes the save fail on the version token; the loser is told 已被他人处理 with the status now stored.
    /// </summary>
    public async Task ActAsync(int id, Guid? expectedVersion, Func<ReshipDbContext, ReshipRequest, DateTime, Actor, Task> act,
        CancellationToken cancellationToken)
    {
        var actor = current.Actor;
        ReshipStatus after;
        bool waitsForNumber;
        Guid? loaded = null;
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            // The transaction (SQLite's write lock, PostgreSQL's write lock) comes before the load: the split queries
            // then read one state, and a concurrent winner's reissue cannot appear between the request and its order's items.
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var request = await db.ReshipRequests.AsSplitQuery()
                .Include(r => r.Order).ThenInclude(o => o.Items)
                .Include(r => r.Order).ThenInclude(o => o.Shipments)
                .Include(r => r.Order).ThenInclude(o => o.Reissues)
                .Include(r => r.AfterSale)
                .Include(r => r.Reissue)
                .FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
                ?? throw DomainException.NotFound("未找到补寄申请 {0}", id);
            loaded = request.Version;
            if (expectedVersion is { } seen && seen != request.Version)
                throw DomainException.ChangedByOthers(ApiWords.Of(request.Status));

            await act(db, request, clock.UtcNow, actor);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            after = request.Status;
            waitsForNumber = request.Reissue is { Status: ReissueStatus.AwaitingTracking };
        }
        catch (DbUpdateException e)
        {
            // A concurrent winner shows as a stale version token, or as its reissue taking the order's next
            // sequence first (unique index): either way the stored request has moved on.
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var stored = await db.ReshipRequests.AsNoTracking().Where(r => r.Id == id)
                .Select(r => new { r.Status, r.Version }).FirstOrDefaultAsync(cancellationToken);
            if (e is not DbUpdateConcurrencyException && (stored is null || stored.Version == loaded)) throw;
            throw DomainException.ChangedByOthers(ApiWords.Of(stored?.Status ?? ReshipStatus.Pending));
        }
        changes.Raise(new ReshipChange(id, after));
        if (waitsForNumber) waybill.Notify();
    }

    /// <summary>Approves the request with its reissue: the merchant's answer, or the deadline job's.</summary>
    public async Task ApproveAsync(ReshipDbContext db, ReshipRequest request, DateTime now, Actor actor, string? note, CancellationToken cancellationToken)
    {
        request.Approve(now, actor, await pipeline.NextNumberAsync(db, now, cancellationToken), Settings, recorded: true, note);
        await SaveNewReissueAsync(db, cancellationToken);
    }

    /// <summary>Gives a reissue created in this step its key; the action's own save then records its creation and the approval.</summary>
    public static Task SaveNewReissueAsync(ReshipDbContext db, CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);

    public static string? CheckNote(string? note, string field)
    {
        if (string.IsNullOrWhiteSpace(note)) return null;
        var text = note.Trim();
        if (text.Length > ReshipRequest.MaxNoteLength) throw DomainException.Invalid(field, "说明最多 {0} 个字", ReshipRequest.MaxNoteLength);
        return text;
    }
}

using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Accounts;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>What 连续录入 needs beyond the list: finding a scanned slip's reissue, and taking back the last number.</summary>
public sealed partial class ReissueService
{
    /// <summary>The reissue a scanned packing slip names (its 补发单号, dashes and width forgiven), or null.</summary>
    public async Task<ReissueRow?> FindByNumberAsync(string? scanned, CancellationToken cancellationToken = default)
    {
        var number = TrackingNumber.Normalise(scanned);
        if (!ReissueNumber.IsValid(number)) return null;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await Project(db.Reissues.AsNoTracking().Where(r => r.ReissueNo == number)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// 撤销: takes back a number entered by hand a moment ago (no courier news on the parcel yet); the reissue waits
    /// for its number again, the number is free, and the feed says `reissue.shipping_undone`.
    /// </summary>
    public async Task UndoTrackingAsync(int id, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.TrackingEdit);
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var reissue = await db.Reissues.Include(r => r.Order).ThenInclude(o => o.Shipments)
                .Include(r => r.Shipment).ThenInclude(s => s!.Events).Include(r => r.ReshipRequest)
                .AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFound(id);
            var now = clock.UtcNow;
            var parcel = reissue.UndoShipping(now, actor.Actor);
            db.Shipments.Remove(parcel);
            if (reissue.ReshipRequest is { Status: Domain.ReshipRequests.ReshipStatus.Shipped } request) request.UndoShipped(now, reissue);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw await TakenByOtherAsync(id, cancellationToken);
        }
    }
}

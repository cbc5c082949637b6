using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Warehouse.Orders.Shipments;

/// <summary>What a courier event left behind: the parcel, its status now, and what the event did.</summary>
public sealed record CourierEventResult(int ShipmentId, ShipmentStatus Status, CourierEventOutcome Outcome);

/// <summary>
/// Courier events (interception, return, delivery) move parcels along the table of api.md and keep their order
/// in step: the order's status, its 待补发 hint, and the flag on a reissue whose replaced parcel arrived after all.
/// </summary>
public sealed class CourierEventService(IDbContextFactory<ReshipDbContext> factory, ShopClock clock, CurrentActor actor)
{
    private readonly AccessGuard _guard = new(actor);

    public async Task<CourierEventResult> ApplyAsync(Courier courier, string trackingNo, ShipmentStatus status, DateTime? atUtc,
        CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.CourierEvents);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.UtcNow;
        var number = TrackingNumber.Normalise(trackingNo);
        var orderId = await db.Shipments.Where(s => s.Carrier == courier.Code && s.TrackingNo == number)
            .Select(s => (int?)s.OrderId).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("没有{0}物流单号为 {1} 的包裹", courier.ChineseName, number);

        // The whole order, so that a delivery can flag the reissue sent for this parcel.
        var order = await db.Orders.AsSplitQuery()
            .Include(o => o.Shipments)
            .Include(o => o.Reissues)
            .FirstAsync(o => o.Id == orderId, cancellationToken);
        var shipment = order.Shipments.Single(s => s.Carrier == courier.Code && s.TrackingNo == number);

        // Out-of-order events already kept for this parcel: a courier resending old events cannot grow the history without bound.
        var at = atUtc ?? now;
        var stale = await db.ShipmentEvents.AsNoTracking().Where(e => e.ShipmentId == shipment.Id && !e.Applied)
            .OrderBy(e => e.Id).Select(e => new { e.Status, e.AtUtc }).Take(Shipment.MaxStaleEvents).ToListAsync(cancellationToken);
        var outcome = order.ApplyCourierEvent(shipment, status, at, clock.ToShop(at), now, actor.Actor,
            stale.Count, stale.Any(e => e.Status == status && e.AtUtc == at));
        if (outcome == CourierEventOutcome.Repeated)
            return new CourierEventResult(shipment.Id, shipment.Status, outcome);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new CourierEventResult(shipment.Id, shipment.Status, outcome);
    }
}

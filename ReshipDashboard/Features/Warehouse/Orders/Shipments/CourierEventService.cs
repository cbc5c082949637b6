using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Audit;
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
        var from = shipment.Status;
        var flaggedBefore = order.Reissues.Where(r => r.ReplacedParcelDelivered).Select(r => r.Id).ToHashSet();

        // Out-of-order events already kept for this parcel: a courier resending old events cannot grow the history without bound.
        var at = atUtc ?? now;
        var stale = await db.ShipmentEvents.AsNoTracking().Where(e => e.ShipmentId == shipment.Id && !e.Applied)
            .OrderBy(e => e.Id).Select(e => new { e.Status, e.AtUtc }).Take(Shipment.MaxStaleEvents).ToListAsync(cancellationToken);
        var outcome = shipment.ApplyCourierEvent(status, at, now, stale.Count, stale.Any(e => e.Status == status && e.AtUtc == at));
        if (outcome == CourierEventOutcome.Repeated)
            return new CourierEventResult(shipment.Id, shipment.Status, outcome);

        if (outcome == CourierEventOutcome.Applied) order.OnShipmentChanged(shipment, now);
        db.Audit(actor.Actor, now, AuditSubjects.Shipment, shipment.Id, order.Id,
            outcome == CourierEventOutcome.Applied ? "courier_event" : "courier_event_stale",
            ApiWords.Of(from), ApiWords.Of(shipment.Status), $"{ApiWords.Of(status)} {clock.ToShop(atUtc ?? now):O}");
        if (outcome == CourierEventOutcome.Applied)
        {
            db.Publish(now, "shipment.status_changed", $"shipment/{shipment.Id}", new
            {
                shipmentId = shipment.Id, orderNo = order.OrderNo, kind = ApiWords.Of(shipment.Kind), carrier = shipment.Carrier,
                trackingNo = shipment.TrackingNo, from = ApiWords.Of(from), status = ApiWords.Of(shipment.Status), at = clock.ToShop(atUtc ?? now),
            });
            foreach (var reissue in order.Reissues.Where(r => r.ReplacedParcelDelivered && !flaggedBefore.Contains(r.Id)))
            {
                db.Audit(Actor.System, now, AuditSubjects.Reissue, reissue.Id, order.Id, "replaced_parcel_delivered",
                    note: $"{shipment.Carrier} {shipment.TrackingNo}");
                db.Publish(now, "reissue.replaced_parcel_delivered", $"reissue/{reissue.Id}", new
                {
                    reissueId = reissue.Id, reissue.ReissueNo, orderNo = order.OrderNo, shipmentId = shipment.Id,
                });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new CourierEventResult(shipment.Id, shipment.Status, outcome);
    }
}

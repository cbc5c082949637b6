using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// Ships a reissue through the shared pipeline while the app's e-waybill dispatcher runs beside the test: the
/// dispatcher may claim the reissue (a save of its own) between our read and our save, or number it first. Either
/// way the reissue ends up shipped exactly once; the answer is the tracking number it carries.
/// </summary>
public static class HandShipping
{
    public static async Task<string> ShipAsync(TestApp app, int reissueId, Courier courier, string trackingNo, bool automatic)
    {
        var pipeline = app.Services.GetRequiredService<ReissuePipeline>();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await app.Db.CreateDbContextAsync();
            var reissue = await db.Reissues.Include(r => r.Order).ThenInclude(o => o.Shipments).Include(r => r.ReshipRequest)
                .Include(r => r.Shipment).SingleAsync(r => r.Id == reissueId);
            if (!reissue.IsAwaitingNumber)
                return reissue.Shipment?.TrackingNo ?? throw new InvalidOperationException($"reissue {reissueId} is {reissue.Status}, not shippable");
            pipeline.Ship(reissue, courier, trackingNo, Actor.System, automatic);
            try
            {
                await db.SaveChangesAsync();
                return trackingNo;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The dispatcher saved first: read the reissue as it is now.
            }
        }
    }
}

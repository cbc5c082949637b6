using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

/// <summary>Builds orders and reissues through the domain and the shared pipeline, as the app does.</summary>
public sealed class ReissueFixtures(IDbContextFactory<ReshipDbContext> factory, ReissuePipeline pipeline, TimeProvider time)
{
    public ReissueFixtures(IDbContextFactory<ReshipDbContext> factory, TimeProvider time)
        : this(factory, new ReissuePipeline(new ShopClock(time, new ShopSettings().ResolveTimeZone()), Options.Create(new ShopSettings())), time)
    {
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public static string NewNumber(Courier courier) => TrackingNumberFactory.Create(courier, Random.Shared);

    /// <summary>An order shipped with ZTO whose parcel was intercepted: a candidate for its first reissue.</summary>
    public async Task<(int OrderId, string OrderNo)> InterceptedOrderAsync()
    {
        await using var db = await factory.CreateDbContextAsync();
        var order = TestData.InterceptedOrder(Now);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return (order.Id, order.OrderNo);
    }

    /// <summary>Creates the order's next reissue through the pipeline, as the create page does.</summary>
    public async Task<int> CreateReissueAsync(int orderId, ReissueScenario scenario = ReissueScenario.Intercepted,
        ReissueSource source = ReissueSource.Manual, string? carrier = null)
    {
        await using var db = await factory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var order = await db.Orders.Include(o => o.Items).Include(o => o.Shipments).Include(o => o.Reissues)
            .AsSplitQuery().FirstAsync(o => o.Id == orderId);
        var reissue = scenario == ReissueScenario.ReshipRequest
            ? TestData.ApprovedRequestReissue(order, await pipeline.NextNumberAsync(db, pipeline.UtcNow), pipeline.UtcNow)
            : await pipeline.CreateAsync(db, order, new ReissueRequest(scenario, source, Carrier: carrier), Actor.Person("测试"));
        await db.SaveChangesAsync();
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return reissue.Id;
    }

    /// <summary>Ships a reissue by hand (or automatically) with a fresh number of the courier; returns the number.</summary>
    public async Task<string> ShipAsync(int reissueId, Courier courier, bool automatic)
    {
        await using var db = await factory.CreateDbContextAsync();
        var reissue = await db.Reissues.Include(r => r.Order).Include(r => r.ReshipRequest).FirstAsync(r => r.Id == reissueId);
        var number = NewNumber(courier);
        pipeline.Ship(reissue, courier, number, Actor.System, automatic);
        await db.SaveChangesAsync();
        return number;
    }

    /// <summary>A courier event on a reissue's parcel (e.g. intercepted, so a further reissue is possible).</summary>
    public async Task ParcelEventAsync(int reissueId, ShipmentStatus status)
    {
        await using var db = await factory.CreateDbContextAsync();
        var reissue = await db.Reissues.Include(r => r.Shipment).FirstAsync(r => r.Id == reissueId);
        var order = await db.Orders.Include(o => o.Shipments).Include(o => o.Reissues).AsSplitQuery().FirstAsync(o => o.Id == reissue.OrderId);
        reissue.Shipment!.ApplyCourierEvent(status, Now, Now);
        order.OnShipmentChanged(reissue.Shipment, Now);
        await db.SaveChangesAsync();
    }

    /// <summary>An order whose first reissue shipped automatically and was intercepted, and whose second waits for staff.</summary>
    public async Task<(string OrderNo, int First, int Second)> OrderWithSecondReissueAsync()
    {
        var (orderId, orderNo) = await InterceptedOrderAsync();
        var first = await CreateReissueAsync(orderId);
        await ShipAsync(first, Courier.SF, automatic: true);
        await ParcelEventAsync(first, ShipmentStatus.Intercepted);
        var second = await CreateReissueAsync(orderId);
        return (orderNo, first, second);
    }

    public async Task<ReissueOrder> LoadAsync(int id)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.Reissues.AsNoTracking().Include(r => r.Shipment).FirstAsync(r => r.Id == id);
    }
}

using CsCheck;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Tests.Features.Reports;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Tests.Data.Tallies;

/// <summary>
/// Whatever happens to the shop, through the services as the app runs them, the tallies its saves kept are exactly
/// the tallies worked out from scratch from the base tables — and stay so when they are folded together.
/// </summary>
public sealed class TallyIncrementalTests
{
    private static readonly TimeZoneInfo Shanghai = new ShopSettings().ResolveTimeZone();

    private static readonly Gen<(int Op, int Pick)[]> Operations = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1000]).Array[15, 30];

    [Fact]
    public async Task AfterARandomMixOfOperations_TheKeptTalliesEqualARebuildFromScratch()
    {
        await Check.SampleAsync(Operations, async ops =>
        {
            await using var shop = await KnownShop.CreateAsync();
            // A whole shop saved at once: every tally came from the objects in memory.
            await TallyCheck.AssertKeptEqualsRebuiltAsync(shop.Database, Shanghai);
            var fixtures = new ReissueFixtures(shop.Database, shop.Time);
            foreach (var (op, pick) in ops)
            {
                try
                {
                    await ApplyAsync(shop, fixtures, op, pick);
                }
                catch (DomainException)
                {
                    // Refused by the rules: nothing changed, which the check below confirms too.
                }
                await TallyCheck.AssertKeptEqualsRebuiltAsync(shop.Database, Shanghai);
            }
            await new global::ReshipDashboard.Data.Tallies.TallyCompaction(shop.Database, shop.Time,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<global::ReshipDashboard.Data.Tallies.TallyCompaction>.Instance).CompactAsync();
            await TallyCheck.AssertKeptEqualsRebuiltAsync(shop.Database, Shanghai);
        }, iter: 3, threads: 1);
    }

    [Fact]
    public async Task CorrectingTheCourierOfAReplacedParcel_MovesItsReplacementsToThatCourier()
    {
        await using var shop = await KnownShop.CreateAsync();
        int first;
        await using (var db = shop.Database.CreateDbContext())
            first = await db.Reissues.Where(r => r.Sequence == 1 && r.Scenario == ReissueScenario.Intercepted && r.ReplacedParcelDelivered)
                .Select(r => r.Id).FirstAsync();

        await shop.Reissues().SetTrackingAsync(first, "ZTO", ReissueFixtures.NewNumber(Courier.ZTO), "单号有误");

        await TallyCheck.AssertKeptEqualsRebuiltAsync(shop.Database, Shanghai);
        var report = await shop.CostReport().BuildAsync(KnownShop.Period);
        Assert.Equal(1, report.ByCourier.Single(c => c.Carrier == "SF").Reissues);
        Assert.Equal(3, report.ByCourier.Single(c => c.Carrier == "ZTO").Reissues);
    }

    private static async Task ApplyAsync(KnownShop shop, ReissueFixtures fixtures, int op, int pick)
    {
        var reissueIds = await IdsAsync(shop, db => db.Reissues.Select(r => r.Id));
        var requestIds = await IdsAsync(shop, db => db.ReshipRequests.Select(r => r.Id));
        var orderIds = await IdsAsync(shop, db => db.Orders.Where(o => o.Shipments.Any()).Select(o => o.Id));
        var reissue = reissueIds[pick % reissueIds.Count];
        var request = requestIds[pick % requestIds.Count];
        switch (op)
        {
            case 0:
                await fixtures.InterceptedOrderAsync();
                break;
            case 1:
                await fixtures.CreateReissueAsync(orderIds[pick % orderIds.Count], pick % 2 == 0 ? ReissueScenario.Intercepted : ReissueScenario.DamagedReturned,
                    carrier: pick % 3 == 0 ? "YTO" : null);
                break;
            case 2:
                await shop.Reissues().CancelAsync(reissue, "买家不要了");
                break;
            case 3:
                await shop.Reissues().SetTrackingAsync(reissue, pick % 2 == 0 ? "SF" : "ZTO",
                    ReissueFixtures.NewNumber(pick % 2 == 0 ? Courier.SF : Courier.ZTO), "单号有误");
                break;
            case 4:
                if ((await fixtures.LoadAsync(reissue)).Shipment is not null)
                    await fixtures.ParcelEventAsync(reissue, pick % 2 == 0 ? ShipmentStatus.Intercepted : ShipmentStatus.Delivered);
                break;
            case 5:
                await DeliverOriginalAsync(shop, orderIds[pick % orderIds.Count]);
                break;
            case 6:
                await shop.Decisions().ApproveAsync(request);
                break;
            case 7:
                await shop.Decisions().RejectAsync(request, RejectionReason.NoQualityIssue, "已核实");
                break;
            case 8:
                await shop.Platform().WithdrawAsync(request);
                break;
            default:
                await FailWaybillAsync(shop, reissue);
                break;
        }
    }

    /// <summary>The order's original parcel reaches the buyer after all (a reissue replacing it becomes a duplicate).</summary>
    private static async Task DeliverOriginalAsync(KnownShop shop, int orderId)
    {
        await using var db = shop.Database.CreateDbContext();
        var order = await db.Orders.Include(o => o.Shipments).Include(o => o.Reissues).AsSplitQuery().FirstAsync(o => o.Id == orderId);
        // An order may have reissue parcels only (its original one never recorded): nothing to deliver then.
        if (order.Shipments.FirstOrDefault(s => s.Kind == ShipmentKind.Original) is not { } parcel) return;
        var now = shop.Time.GetUtcNow().UtcDateTime;
        parcel.ApplyCourierEvent(ShipmentStatus.Delivered, now, now);
        order.OnShipmentChanged(parcel, now);
        await db.SaveChangesAsync();
    }

    private static async Task FailWaybillAsync(KnownShop shop, int reissueId)
    {
        await using var db = shop.Database.CreateDbContext();
        var reissue = await db.Reissues.FirstAsync(r => r.Id == reissueId);
        if (reissue.Status != ReissueStatus.AwaitingTracking) return;
        reissue.RecordWaybillFailure("面单服务不可用", shop.Time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
    }

    private static async Task<List<int>> IdsAsync(KnownShop shop, Func<global::ReshipDashboard.Data.ReshipDbContext, IQueryable<int>> query)
    {
        await using var db = shop.Database.CreateDbContext();
        return await query(db).OrderBy(i => i).ToListAsync();
    }
}

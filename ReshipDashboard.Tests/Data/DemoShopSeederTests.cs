using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Data.Seeding;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

public sealed class DemoShopSeederTests : IAsyncLifetime
{
    private readonly TestApp _app = new();

    public async Task InitializeAsync() => await _app.SeedDemoShopAsync(orders: 1500);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DemoShop_HasEveryReissueSituation()
    {
        await using var db = await _app.Db.CreateDbContextAsync();

        Assert.Equal(1500, await db.Orders.CountAsync());
        Assert.True(await db.Orders.AnyAsync(o => o.NeedsReissue), "an intercepted or returned parcel not yet reissued");
        Assert.True(await db.Shipments.AnyAsync(s => s.Status == ShipmentStatus.Intercepted));
        Assert.True(await db.Shipments.AnyAsync(s => s.Status == ShipmentStatus.Returned));
        Assert.True(await db.AfterSales.AnyAsync(a => a.Status == AfterSaleStatus.Withdrawn));
        Assert.True(await db.Reissues.AnyAsync(r => r.Source == ReissueSource.Auto && r.Scenario == ReissueScenario.AfterSaleWithdrawn));
        Assert.True(await db.Reissues.AnyAsync(r => r.Status == ReissueStatus.AwaitingManualTracking && r.Sequence > 1));
        Assert.True(await db.Reissues.AnyAsync(r => r.Source == ReissueSource.ReshipRequest));
        var pendingDue = await db.ReshipRequests.Where(r => r.Status == ReshipStatus.Pending).Select(r => r.DueAtUtc).ToListAsync();
        Assert.True(pendingDue.Count >= 5, $"pending reship requests: {pendingDue.Count}");
        Assert.True(pendingDue.Max() - pendingDue.Min() > TimeSpan.FromHours(12), "deadlines are spread out");
    }

    [Fact]
    public async Task DemoShop_EveryRowOfAnOrdersLifeIsWritten_WithItsOwnersKey()
    {
        // The seeder attaches each order once its life is played out: whatever that life created must be written.
        await using var db = await _app.Db.CreateDbContextAsync();
        var shipped = await db.Reissues.Where(r => r.Status == ReissueStatus.Shipped || r.Status == ReissueStatus.Delivered)
            .Select(r => new { r.Id, r.OrderId }).ToListAsync();
        var parcels = await db.Shipments.Where(s => s.ReissueId != null).Select(s => new { s.ReissueId, s.OrderId }).ToListAsync();
        Assert.NotEmpty(shipped);
        Assert.All(shipped, r => Assert.Single(parcels, p => p.ReissueId == r.Id && p.OrderId == r.OrderId));

        var requests = await db.ReshipRequests.Select(r => r.Id).ToListAsync();
        var revised = (await db.ReshipRevisions.Select(v => v.ReshipRequestId).Distinct().ToListAsync()).ToHashSet();
        Assert.NotEmpty(requests);
        Assert.All(requests, id => Assert.Contains(id, revised));
        Assert.True(await db.Reissues.Where(r => r.ReshipRequestId != null).AllAsync(r => db.ReshipRequests.Any(q => q.Id == r.ReshipRequestId)));
        Assert.True(await db.ShipmentEvents.AllAsync(e => db.Shipments.Any(s => s.Id == e.ShipmentId)));
        Assert.True(await db.Shipments.Where(s => s.Status != ShipmentStatus.Collected).AllAsync(s => db.ShipmentEvents.Any(e => e.ShipmentId == s.Id)));
    }

    [Fact]
    public async Task DemoShop_RowsHaveRealKeys_AndTheAppsOwnRowsFollowThem()
    {
        await using (var db = await _app.Db.CreateDbContextAsync())
        {
            var events = await db.ShipmentEvents.Select(e => e.Id).ToListAsync();
            var revisions = await db.ReshipRevisions.Select(v => v.Id).ToListAsync();
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Order());
            Assert.Equal(Enumerable.Range(1, revisions.Count).Select(i => (long)i), revisions.Order());
        }

        long seededEvents;
        await using (var db = await _app.Db.CreateDbContextAsync())
        {
            seededEvents = await db.ShipmentEvents.MaxAsync(e => e.Id);
            var parcel = await db.Shipments.FirstAsync(s => s.Status == ShipmentStatus.InTransit);
            parcel.ApplyCourierEvent(ShipmentStatus.Delivered, _app.Clock.GetUtcNow().UtcDateTime, _app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        await using (var db = await _app.Db.CreateDbContextAsync())
            Assert.Equal(seededEvents + 1, await db.ShipmentEvents.MaxAsync(e => e.Id));
    }

    [Fact]
    public async Task DemoShop_EveryForeignKeyPointsAtARowOfItsTable()
    {
        // SQLite's seeding writes with foreign keys unchecked: a key the writer left unset would be stored as 0.
        await using var db = await _app.Db.CreateDbContextAsync();
        Assert.True(await db.Orders.AllAsync(o => db.Buyers.Any(b => b.Id == o.BuyerId)));
        Assert.True(await db.OrderItems.AllAsync(i => db.Orders.Any(o => o.Id == i.OrderId)));
        Assert.True(await db.Shipments.AllAsync(s => db.Orders.Any(o => o.Id == s.OrderId)));
        Assert.True(await db.AfterSales.AllAsync(a => db.Orders.Any(o => o.Id == a.OrderId)));
        Assert.True(await db.Reissues.AllAsync(r => db.Orders.Any(o => o.Id == r.OrderId)));
        Assert.True(await db.ReshipRequests.AllAsync(r => db.Orders.Any(o => o.Id == r.OrderId) && db.AfterSales.Any(a => a.Id == r.AfterSaleId)));
        Assert.True(await db.Reissues.Where(r => r.ReplacesShipmentId != null).AnyAsync());
        Assert.True(await db.Reissues.Where(r => r.ReplacesShipmentId != null)
            .AllAsync(r => db.Shipments.Any(s => s.Id == r.ReplacesShipmentId && s.OrderId == r.OrderId)));
        Assert.True(await db.Reissues.Where(r => r.AfterSaleId != null).AnyAsync());
        Assert.True(await db.Reissues.Where(r => r.AfterSaleId != null)
            .AllAsync(r => db.AfterSales.Any(a => a.Id == r.AfterSaleId && a.OrderId == r.OrderId)));
    }

    [Fact]
    public async Task TheSeedWriter_RefusesARootWrittenBefore_WhoseNewRowsItWouldNotFind()
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        await using var writer = await SeedWriter.OpenAsync(db, CancellationToken.None);
        var buyer = new ReshipDashboard.Domain.Orders.Buyer("测试", "13800138000");
        writer.Write([buyer]);
        Assert.True(buyer.Id > 0);

        Assert.Throws<InvalidOperationException>(() => writer.Write([buyer]));
        await using var check = await _app.Db.CreateDbContextAsync();
        Assert.Equal(1, await check.Buyers.CountAsync(b => b.Id == buyer.Id));
    }

    [Fact]
    public async Task DemoShop_WrittenInBulk_HasItsTallies()
    {
        var zone = new ReshipDashboard.Domain.Shop.ShopSettings().ResolveTimeZone();
        var stored = await Tallies.TallyCheck.StoredAsync(_app.Db);

        Assert.Contains(stored, t => t.Name == ReshipDashboard.Data.Tallies.TallyNames.CostBySku);
        Assert.Equal(await Tallies.TallyCheck.FromScratchAsync(_app.Db, zone), stored);
    }

    [Fact]
    public async Task DemoShop_ShipmentsHaveValidUniqueTrackingNumbers()
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        var shipments = await db.Shipments.Select(s => new { s.Carrier, s.TrackingNo }).ToListAsync();

        Assert.NotEmpty(shipments);
        Assert.All(shipments, s => Assert.True(Courier.FromCode(s.Carrier).Accepts(s.TrackingNo), $"{s.Carrier} {s.TrackingNo}"));
        Assert.Equal(shipments.Count, shipments.Select(s => s.TrackingNo).Distinct().Count());
    }

    [Fact]
    public async Task DemoShop_BuyersHaveChineseNamesAndMobilePhones()
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        var buyers = await db.Buyers.Take(50).ToListAsync();

        Assert.All(buyers, b =>
        {
            Assert.InRange(b.Name.Length, 2, 4);
            Assert.All(b.Name, c => Assert.InRange(c, '\u4e00', '\u9fff'));
            Assert.True(ReshipDashboard.Domain.Common.PhoneMask.IsValid(b.Phone), b.Phone);
        });
    }

    [Fact]
    public async Task Seeding_IsDeterministic_AndOnlyOnAnEmptyDatabase()
    {
        await using var other = new TestApp();
        other.Clock.SetUtcNow(_app.Clock.GetUtcNow());
        await other.SeedDemoShopAsync(orders: 1500);

        await using var a = await _app.Db.CreateDbContextAsync();
        await using var b = await other.Db.CreateDbContextAsync();
        var first = await a.Orders.OrderBy(o => o.Id).Select(o => o.OrderNo).Take(100).ToListAsync();
        var second = await b.Orders.OrderBy(o => o.Id).Select(o => o.OrderNo).Take(100).ToListAsync();
        Assert.Equal(first, second);

        var seeded = await other.Services.GetRequiredService<DemoShopSeeder>().SeedIfEmptyAsync();
        Assert.False(seeded);
        Assert.Equal(1500, await b.Orders.CountAsync());
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Home;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Features.Reports;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Tests.Data.Tallies;

/// <summary>The counts read from tallies are the counts of the rows, tab by tab.</summary>
public sealed class TallyReadersTests : IAsyncLifetime
{
    private KnownShop _shop = null!;

    public async Task InitializeAsync()
    {
        _shop = await KnownShop.CreateAsync();
        var fixtures = new ReissueFixtures(_shop.Database, _shop.Time);
        var (orderId, _) = await fixtures.InterceptedOrderAsync();
        var id = await fixtures.CreateReissueAsync(orderId);
        await _shop.Reissues().CancelAsync(id, "重复创建");
        await fixtures.InterceptedOrderAsync();
        await _shop.Platform().WithdrawAsync(await PendingRequestAsync());
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    private async Task<int> PendingRequestAsync()
    {
        await using var db = _shop.Database.CreateDbContext();
        return await db.ReshipRequests.Where(r => r.Status == ReshipStatus.Pending).Select(r => r.Id).FirstAsync();
    }

    [Fact]
    public async Task ReissueTabs_Unfiltered_AreTheRowsPerStatus_AndBlankTextIsNoFilter()
    {
        await using var db = _shop.Database.CreateDbContext();
        var rows = await db.Reissues.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);

        var tabs = await _shop.Reissues().CountAsync(new ReissueFilter(OrderNo: " ", Sku: ""));

        Assert.Equal(rows.OrderBy(r => r.Key), tabs.ByStatus.OrderBy(r => r.Key));
        Assert.Equal(rows[ReissueStatus.Cancelled], (await _shop.Reissues().SearchAsync(new ReissueQuery(new ReissueFilter(), ReissueStatus.Cancelled))).TotalCount);
    }

    [Fact]
    public async Task ReshipQueueTabs_Unfiltered_AreTheRowsPerStatus()
    {
        await using var db = _shop.Database.CreateDbContext();
        var rows = await db.ReshipRequests.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);

        var page = await _shop.Queries().QueueAsync(new ReshipQueueQuery(ReshipStatus.Withdrawn));

        Assert.Equal(rows.OrderBy(r => r.Key), page.Counts.OrderBy(r => r.Key));
        Assert.Equal(rows[ReshipStatus.Withdrawn], page.Total);
    }

    [Fact]
    public async Task HomeCounts_AreTheRowsInEachState()
    {
        await using var db = _shop.Database.CreateDbContext();
        var settings = Options.Create(new ShopSettings());

        var counts = (await new DashboardService(_shop.Database, _shop.ShopClock, settings, new DashboardHistory()).GetAsync()).Counts;

        Assert.Equal(await db.Orders.CountAsync(o => o.NeedsReissue), counts.OrdersNeedingReissue);
        Assert.Equal(await db.Reissues.CountAsync(r => r.Status == ReissueStatus.AwaitingManualTracking), counts.ReissuesAwaitingManualTracking);
        Assert.Equal(await db.Reissues.CountAsync(r => r.Status == ReissueStatus.AwaitingTracking), counts.ReissuesAwaitingTracking);
        Assert.Equal(await db.ReshipRequests.CountAsync(r => r.Status == ReshipStatus.Pending), counts.PendingReshipRequests);
        Assert.True(counts.OrdersNeedingReissue > 0);
    }
}

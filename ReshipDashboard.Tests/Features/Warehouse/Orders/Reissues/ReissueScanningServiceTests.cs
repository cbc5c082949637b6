using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

public sealed class ReissueScanningServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private ReissuePipeline _pipeline = null!;
    private ReissueFixtures _data = null!;
    private ShopClock _shopClock = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _shopClock = new ShopClock(_clock, new ShopSettings().ResolveTimeZone());
        _pipeline = new ReissuePipeline(_shopClock, Options.Create(new ShopSettings()));
        _data = new ReissueFixtures(_db, _pipeline, _clock);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private ReissueService Service() => new(_db, _pipeline, _shopClock, new WaybillSignal(), TestActors.Of(Actor.Person("小王")));

    [Fact]
    public async Task TheListRow_CarriesItemsRecipientPhoneAddressAndRemark()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        var row = await Service().GetRowAsync(second);

        Assert.NotNull(row);
        var item = Assert.Single(row.ItemList);
        Assert.Equal(("SKU-1", "保温杯", 1), (item.Sku, item.Name, item.Quantity));
        Assert.Equal("张三", row.Address!.Name);
        Assert.Equal("13800001234", row.Address.Phone);
        Assert.Equal("文三路 1 号", row.Address.Detail);
    }

    [Fact]
    public async Task FindByNumber_ReadsAScannedSlip_ForgivingCaseDashesAndWidth()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        var reissueNo = (await _data.LoadAsync(second)).ReissueNo;
        var scanned = "ｂｆ" + reissueNo[2..8] + "–" + reissueNo[8..];

        Assert.Equal(second, (await Service().FindByNumberAsync(scanned))?.Id);
        Assert.Null(await Service().FindByNumberAsync("BF000000000000"));
        Assert.Null(await Service().FindByNumberAsync("hello"));
    }

    [Fact]
    public async Task UndoTracking_RightAfterEntry_TakesTheNumberBack_AndItCanBeUsedAgain()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        await Service().SetTrackingAsync(second, null, "73123456789012", null);

        await Service().UndoTrackingAsync(second);

        var reissue = await _data.LoadAsync(second);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, reissue.Status);
        Assert.Null(reissue.Shipment);
        await using (var db = _db.CreateDbContext())
        {
            Assert.False(await db.Shipments.AnyAsync(s => s.TrackingNo == "73123456789012"));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == second && a.Action == "tracking_undone"));
            Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "reissue.shipping_undone" && e.Subject == $"reissue/{second}"));
        }
        await Service().SetTrackingAsync(second, "中通", "73123456789012", null);
        Assert.Equal(ReissueStatus.Shipped, (await _data.LoadAsync(second)).Status);
    }

    [Fact]
    public async Task UndoTracking_AfterTheWindow_IsRefusedAndChangesNothing()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        await Service().SetTrackingAsync(second, "ZTO", "73123456789013", null);
        _clock.Advance(TimeSpan.FromMinutes(11));

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service().UndoTrackingAsync(second));

        Assert.Equal(DomainErrorKind.InvalidState, refused.Kind);
        Assert.Equal(ReissueStatus.Shipped, (await _data.LoadAsync(second)).Status);
    }

    [Fact]
    public async Task EnterTracking_WithACouriersShortName_OrNone_IsTaken()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        await Service().SetTrackingAsync(second, null, "SF1234567890777", null);

        var reissue = await _data.LoadAsync(second);
        Assert.Equal("SF", reissue.Carrier);
    }

    [Fact]
    public async Task WaybillFailedFilter_FindsOnlyReissuesWhoseAutomaticNumberFailed()
    {
        var (orderA, _) = await _data.InterceptedOrderAsync();
        var first = await _data.CreateReissueAsync(orderA);
        var (orderB, _) = await _data.InterceptedOrderAsync();
        await _data.CreateReissueAsync(orderB);
        await using (var db = _db.CreateDbContext())
        {
            var reissue = await db.Reissues.FirstAsync(r => r.Id == first);
            reissue.RecordWaybillFailure("电子面单服务暂时无法取号", _clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var page = await Service().SearchAsync(new ReissueQuery(new ReissueFilter(WaybillFailed: true), null));

        Assert.Equal(first, Assert.Single(page.Items).Id);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Reissues.Printing;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues.Printing;

public sealed class ReissuePrintServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private ReissueFixtures _data = null!;
    private ShopClock _shopClock = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _shopClock = new ShopClock(_clock, new ShopSettings().ResolveTimeZone());
        _data = new ReissueFixtures(_db, new ReissuePipeline(_shopClock, Options.Create(new ShopSettings())), _clock);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private ReissuePrintService Service(string role = Roles.Warehouse) =>
        new(_db, _shopClock, TestActors.Of(Actor.Person("仓库小李"), role), Options.Create(new ShopSettings()));

    [Fact]
    public async Task Print_MakesOneSlipPerReissue_WithABarcode_AndMarksThemPrintedInTheAuditTrail()
    {
        var (_, _, a) = await _data.OrderWithSecondReissueAsync();
        var (_, _, b) = await _data.OrderWithSecondReissueAsync();

        var run = await Service().PrintAsync(new PrintSelection([a, b]));

        Assert.Equal(2, run.Slips.Count);
        Assert.All(run.Slips, s => Assert.Contains("<svg", s.BarcodeSvg));
        Assert.All(run.Slips, s => Assert.Contains("<rect", s.BarcodeSvg));
        Assert.Equal("拼拼优选旗舰店", run.ShopName);
        var line = Assert.Single(run.PickList);
        Assert.Equal(("SKU-1", 2, 2), (line.Sku, line.Quantity, line.Reissues));
        await using var db = _db.CreateDbContext();
        Assert.All(await db.Reissues.Where(r => r.Id == a || r.Id == b).ToListAsync(), r => Assert.Equal(_clock.GetUtcNow().UtcDateTime, r.PrintedAtUtc));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "printed" && e.ActorName == "仓库小李"));
    }

    [Fact]
    public async Task PrintTheWholeManualTab_TakesEveryReissueAwaitingManualShipping()
    {
        var (_, first, a) = await _data.OrderWithSecondReissueAsync();
        var (_, _, b) = await _data.OrderWithSecondReissueAsync();

        var run = await Service().PrintAsync(new PrintSelection([], AllAwaitingManual: true));

        Assert.Equal(new[] { a, b }.Order(), run.Slips.Select(s => s.Id).Order());
        Assert.DoesNotContain(first, run.Slips.Select(s => s.Id));
    }

    [Fact]
    public async Task AnEmptyOrTooLargeSelection_IsRefusedAndNothingIsMarked()
    {
        var empty = await Assert.ThrowsAsync<DomainException>(() => Service().PrintAsync(new PrintSelection([])));
        var large = await Assert.ThrowsAsync<DomainException>(() => Service().PrintAsync(new PrintSelection(Enumerable.Range(1, 501).ToList())));
        var none = await Assert.ThrowsAsync<DomainException>(() => Service().PrintAsync(new PrintSelection([], AllAwaitingManual: true)));

        Assert.Equal("请先选择要打印的补发单", empty.MessageKey);
        Assert.Equal("一次最多打印 {0} 张发货单（已选 {1} 张）", large.MessageKey);
        Assert.Equal(501, large.Arguments[1]);
        Assert.Equal("没有可打印的补发单", none.MessageKey);
        await using var db = _db.CreateDbContext();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "printed"));
    }

    [Fact]
    public async Task Support_CannotPrint()
    {
        var (_, _, a) = await _data.OrderWithSecondReissueAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service(Roles.Support).PrintAsync(new PrintSelection([a])));

        Assert.Equal(DomainErrorKind.Forbidden, refused.Kind);
    }

    [Fact]
    public void PickList_SumsEachSkuOverTheSlips_SortedBySku()
    {
        var address = new Address("张三", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 1 号");
        var slips = new[]
        {
            new PackingSlip(1, "BF261126000001", "261126-000000000000001", 2, address, [new LineItem("SKU-B", "毛巾", 2), new LineItem("SKU-A", "保温杯", 1)], null, ""),
            new PackingSlip(2, "BF261126000002", "261126-000000000000002", 2, address, [new LineItem("SKU-A", "保温杯", 3)], "易碎", ""),
        };

        var pick = ReissuePrintService.PickList(slips);

        Assert.Equal(["SKU-A", "SKU-B"], pick.Select(p => p.Sku));
        Assert.Equal([4, 2], pick.Select(p => p.Quantity));
        Assert.Equal([2, 1], pick.Select(p => p.Reissues));
    }
}

using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Reports;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Reports;

/// <summary>Every figure of 补发损耗 over <see cref="KnownShop"/>, worked out by hand in fen.</summary>
public sealed class ReissueCostReportTests : IAsyncLifetime
{
    private KnownShop _shop = null!;
    private ReissueCostReport _report = null!;

    // R1 = A×2 + B×3 + SF freight; R2 = A×1 + default; R3 = C×5 + default; R6 = A×1 + default (ZTO has no rate);
    // Q = C×1 + default, each of the five reissues of O8's approved requests (Q1, Q3, Q6, Q8, Q9; O8 never shipped).
    private const long R1 = 2 * KnownShop.PriceA + 3 * KnownShop.PriceB + KnownShop.SfFreight;
    private const long R2 = KnownShop.PriceA + 800, R3 = 5 * KnownShop.PriceC + 800, R6 = KnownShop.PriceA + 800, Q = KnownShop.PriceC + 800;

    public async Task InitializeAsync()
    {
        _shop = await KnownShop.CreateAsync();
        _report = await _shop.CostReport().BuildAsync(KnownShop.Period);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public void Totals_CountEachReissueOnce_LeaveCancelledOut_AndSumFenExactly()
    {
        Assert.Equal(9, _report.Total.Reissues);
        Assert.Equal(2 * 1990 + 3 * 333 + 1990 + 5 * 10 + 1990 + 5 * 10, _report.Total.GoodsFen);
        Assert.Equal(1234 + 800 + 800 + 800 + 5 * 800, _report.Total.FreightFen);
        Assert.Equal(R1 + R2 + R3 + R6 + 5 * Q, _report.Total.CostFen);
        Assert.Equal(16693, _report.Total.CostFen);
    }

    [Fact]
    public void Rate_IsPerHundredShippedOrders_WithThePreviousPeriodBeside()
    {
        Assert.Equal(4, _report.ShippedOrders);
        Assert.Equal(225.00m, _report.Rate);
        Assert.Equal(1, _report.PreviousReissues);
        Assert.Equal(2, _report.PreviousShippedOrders);
        Assert.Equal(50.00m, _report.PreviousRate);
        Assert.Equal(new DateOnly(2026, 11, 14), _report.Period.Previous.From);
        Assert.Equal(new DateOnly(2026, 11, 19), _report.Period.Previous.To);
    }

    [Fact]
    public void Days_FollowShanghaiMidnight()
    {
        Assert.Equal(
        [
            new CostDay(new(2026, 11, 20), 3, R1 + 2 * Q), new CostDay(new(2026, 11, 21), 1, R2), new CostDay(new(2026, 11, 22), 1, R3),
            new CostDay(new(2026, 11, 23), 4, R6 + 3 * Q), new CostDay(new(2026, 11, 24), 0, 0), new CostDay(new(2026, 11, 25), 0, 0),
        ], _report.Days);
    }

    [Fact]
    public void Duplicates_AreTheReissuesWhoseReplacedParcelArrived()
    {
        Assert.Equal(new CostLine("duplicates", 1, 2 * 1990 + 3 * 333, 1234), _report.Duplicates);
    }

    [Fact]
    public void Scenarios_SkusCouriersAndProvinces_AreExact()
    {
        Assert.Equal(
        [
            new ScenarioLine(ReissueScenario.AfterSaleWithdrawn, new("after_sale_withdrawn", 0, 0, 0)),
            new ScenarioLine(ReissueScenario.Intercepted, new("intercepted", 2, 3 * 1990 + 3 * 333, 1234 + 800)),
            new ScenarioLine(ReissueScenario.DamagedReturned, new("damaged_returned", 1, 50, 800)),
            new ScenarioLine(ReissueScenario.ReshipRequest, new("reship_request", 6, 1990 + 5 * 10, 6 * 800)),
        ], _report.ByScenario);
        Assert.Equal(
        [
            new SkuLine("SKU-A", "保温杯", 4, 3, 4 * 1990),
            new SkuLine("SKU-B", "杯刷", 3, 1, 999),
            new SkuLine("SKU-C", "吸管", 10, 6, 100),
        ], _report.TopSkus);
        Assert.Equal(
        [
            new CourierLine("SF", 2, 2, 2, 0, R1 + R2),
            new CourierLine("ZTO", 1, 2, 0, 1, R3 + R6),
            new CourierLine("YTO", 1, 0, 0, 0, 0),
        ], _report.ByCourier);
        Assert.Equal(1000.00m, _report.ByCourier[0].ReissuesPerThousand);
        Assert.Equal(100.00m, _report.ByCourier[0].InterceptionRate);
        Assert.Equal(100.00m, _report.ByCourier[1].DamageRate);
        Assert.Equal(0.00m, _report.ByCourier[2].ReissuesPerThousand);
        Assert.Equal(
        [
            new CostLine("浙江省", 2, 3 * 1990 + 999, 1234 + 800),
            new CostLine("上海市", 5, 5 * 10, 5 * 800),
            new CostLine("北京市", 1, 1990, 800),
            new CostLine("广东省", 1, 50, 800),
        ], _report.ByProvince);
    }

    [Fact]
    public async Task EveryFigure_LinksToExactlyItsReissues()
    {
        var list = _shop.Reissues();
        var all = new ReissueFilter(CreatedFrom: KnownShop.Period.From, CreatedTo: KnownShop.Period.To, ExcludeCancelled: true);
        async Task<int> Count(ReissueFilter f) => (await list.CountAsync(f)).All;

        Assert.Equal(_report.Total.Reissues, await Count(all));
        Assert.Equal(_report.Duplicates.Reissues, await Count(all with { ReplacedDelivered = true }));
        Assert.Equal(_report.PreviousReissues, await Count(all with { CreatedFrom = new(2026, 11, 14), CreatedTo = new(2026, 11, 19) }));
        foreach (var s in _report.ByScenario) Assert.Equal(s.Cost.Reissues, await Count(all with { Scenario = s.Scenario }));
        foreach (var s in _report.TopSkus) Assert.Equal(s.Reissues, await Count(all with { Sku = s.Sku }));
        foreach (var p in _report.ByProvince) Assert.Equal(p.Reissues, await Count(all with { Province = p.Key }));
        foreach (var d in _report.Days) Assert.Equal(d.Reissues, await Count(all with { CreatedFrom = d.Day, CreatedTo = d.Day }));
        foreach (var c in _report.ByCourier)
        {
            Assert.Equal(c.Reissues, await Count(all with { OriginCarrier = c.Carrier }));
            Assert.Equal(c.Intercepted, await Count(all with { OriginCarrier = c.Carrier, Scenario = ReissueScenario.Intercepted }));
            Assert.Equal(c.DamagedReturned, await Count(all with { OriginCarrier = c.Carrier, Scenario = ReissueScenario.DamagedReturned }));
        }
        // The cancelled reissue is still in the list without the report's filter.
        Assert.Equal(10, await Count(all with { ExcludeCancelled = false }));
    }

    [Fact]
    public async Task FreightChange_AppliesToTheNextReport()
    {
        var rates = new ReshipDashboard.Features.Settings.FreightRates.FreightRateService(_shop.Database, new AccessGuard(TestActors.Owner()),
            TestActors.Owner(), _shop.ShopClock);
        var zto = (await rates.ListAsync()).Single(r => r.Carrier == "ZTO");
        await rates.SetAsync("ZTO", 1001, zto.Version);

        var report = await _shop.CostReport().BuildAsync(KnownShop.Period);

        Assert.Equal(1234 + 800 + 800 + 1001 + 5 * 800, report.Total.FreightFen);
    }

    [Fact]
    public async Task Support_IsRefusedTheCostReport()
    {
        var e = await Assert.ThrowsAsync<DomainException>(() => _shop.CostReport(TestActors.As(Roles.Support)).BuildAsync(KnownShop.Period));
        Assert.Equal(DomainErrorKind.Forbidden, e.Kind);
    }
}

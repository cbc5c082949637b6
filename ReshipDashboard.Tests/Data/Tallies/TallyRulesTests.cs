using ReshipDashboard.Data.Tallies;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Tests.Data.Tallies;

public sealed class TallyRulesTests
{
    private static readonly TimeZoneInfo Shanghai = new ShopSettings().ResolveTimeZone();

    private static readonly ReissueFacts Waiting = new(ReissueStatus.AwaitingManualTracking, ReissueScenario.Intercepted,
        new DateTime(2026, 11, 20, 15, 59, 59, DateTimeKind.Utc), null, "YTO", "浙江省", false, false);

    private static readonly ReissueValue Value = ReissueValue.Of("ZTO", [new LineItem("SKU-A", "保温杯", 2), new LineItem("SKU-A", "保温杯", 1)],
        [("SKU-A", 1990), ("SKU-B", 333), ("SKU-A", 1)]);

    private static List<TallyRow> All(ReissueFacts facts) =>
        TallyRules.ReissueCounts(facts, Shanghai).Concat(TallyRules.ReissueCosts(facts, Value, Shanghai)).ToList();

    [Fact]
    public void AnUnchangedRecord_AddsNothing() => Assert.Empty(TallyRules.Difference(All(Waiting), All(Waiting)));

    [Fact]
    public void Days_AreTheShopsDays_AroundMidnightShanghaiTime()
    {
        Assert.Equal(20261120, TallyRules.DayOf(new DateTime(2026, 11, 20, 15, 59, 59, DateTimeKind.Utc), Shanghai));
        Assert.Equal(20261121, TallyRules.DayOf(new DateTime(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc), Shanghai));
        Assert.Equal(20261120, TallyRules.DayOf(new DateTime(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc), TimeZoneInfo.Utc));
    }

    [Fact]
    public void AReissueIsWorth_EachSkuAtItsFirstOrderLinesPrice_InWholeFen()
    {
        var sku = Assert.Single(Value.Skus);
        Assert.Equal(new SkuValue("SKU-A", "保温杯", 3, 3 * 1990), sku);
        Assert.Equal(5970, Value.GoodsFen);
        Assert.Equal("ZTO", Value.OriginCarrier);
    }

    [Fact]
    public void Cancelling_MovesTheStatusCount_AndTakesEveryCostBackOut()
    {
        var change = TallyRules.Difference(All(Waiting), All(Waiting with { Status = ReissueStatus.Cancelled }));

        Assert.Contains(new TallyRow(TallyNames.ReissueStatus, null, "awaiting_manual_tracking", "", -1), change);
        Assert.Contains(new TallyRow(TallyNames.ReissueStatus, null, "cancelled", "", 1), change);
        Assert.Contains(new TallyRow(TallyNames.CostByScenario, 20261120, "intercepted", "YTO", -1, 0, -5970), change);
        Assert.Contains(new TallyRow(TallyNames.CostBySku, 20261120, "SKU-A\u001f保温杯", "", -1, -3, -5970), change);
        Assert.Contains(new TallyRow(TallyNames.CostByOrigin, 20261120, "ZTO\u001fintercepted", "YTO", -1, 0, -5970), change);
        Assert.DoesNotContain(change, r => r.Name == TallyNames.ReissuesCreated);
        Assert.Equal(6, change.Count);
    }

    [Fact]
    public void ShippingWithAnotherCourier_MovesTheFreightToIt()
    {
        var change = TallyRules.Difference(All(Waiting), All(Waiting with { Status = ReissueStatus.Shipped, Carrier = "SF" }));

        Assert.Contains(new TallyRow(TallyNames.CostByProvince, 20261120, "浙江省", "YTO", -1, 0, -5970), change);
        Assert.Contains(new TallyRow(TallyNames.CostByProvince, 20261120, "浙江省", "SF", 1, 0, 5970), change);
        Assert.DoesNotContain(change, r => r.Name == TallyNames.CostBySku);
    }

    [Fact]
    public void ADuplicateDelivery_IsCountedWithItsGoods()
    {
        var change = TallyRules.Difference(All(Waiting), All(Waiting with { ReplacedParcelDelivered = true }));

        Assert.Equal([new TallyRow(TallyNames.CostDuplicates, 20261120, "", "YTO", 1, 0, 5970)], change);
    }

    [Fact]
    public void AFailedAutomaticNumber_CountsOnlyWhileTheReissueWaitsForIt()
    {
        var failing = Waiting with { Status = ReissueStatus.AwaitingTracking, WaybillFailed = true };

        Assert.Contains(TallyRules.ReissueCounts(failing, Shanghai), r => r.Name == TallyNames.ReissueWaybillFailed);
        Assert.DoesNotContain(TallyRules.ReissueCounts(failing with { Status = ReissueStatus.Shipped }, Shanghai),
            r => r.Name == TallyNames.ReissueWaybillFailed);
    }
}

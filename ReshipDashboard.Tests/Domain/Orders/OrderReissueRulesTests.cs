using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Domain.Orders;

public sealed class OrderReissueRulesTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan ShipWithin = TimeSpan.FromHours(48);
    private int _number;

    private static Order NewOrder() =>
        TestData.NewOrder(T0, items: [new OrderItem("PDD-CUP-350", "保温杯", 2, 3900), new OrderItem("PDD-TOWEL-01", "毛巾", 1, 1990)]);

    private ReissueOrder Create(Order order, ReissueScenario scenario, IReadOnlyList<ItemQuantity>? items = null, int max = 10) =>
        order.CreateReissue(new ReissueRequest(scenario, ReissueSource.Manual, items), $"BF261120{++_number:D6}", max, ShipWithin, T0.AddDays(1));

    private static Shipment ShipAndStop(Order order, ShipmentStatus stop) =>
        TestData.Ship(order, T0.AddHours(2), stop: stop, stoppedAtUtc: T0.AddHours(6));

    [Fact]
    public void CreateReissue_BeforeShipping_IsRefused()
    {
        var e = Assert.Throws<DomainException>(() => Create(NewOrder(), ReissueScenario.Intercepted));
        Assert.Equal(DomainErrorKind.InvalidState, e.Kind);
        Assert.Contains("尚未发货", e.MessageKey);
    }

    [Fact]
    public void CreateReissue_Intercepted_WithoutAnInterceptedParcel_IsRefused()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Returned);

        var e = Assert.Throws<DomainException>(() => Create(order, ReissueScenario.Intercepted));
        Assert.Contains("没有拦截成功的包裹", e.MessageKey);
    }

    [Fact]
    public void CreateReissue_DamagedReturned_WithoutAReturnedParcel_IsRefused()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Intercepted);

        var e = Assert.Throws<DomainException>(() => Create(order, ReissueScenario.DamagedReturned));
        Assert.Contains("没有拒收退回的包裹", e.MessageKey);
    }

    [Fact]
    public void CreateReissue_First_WaitsForItsAutomaticNumber_AndClearsTheHint()
    {
        var order = NewOrder();
        var parcel = ShipAndStop(order, ShipmentStatus.Intercepted);
        Assert.True(order.NeedsReissue);

        var reissue = Create(order, ReissueScenario.Intercepted);

        Assert.Equal(1, reissue.Sequence);
        Assert.Equal(ReissueStatus.AwaitingTracking, reissue.Status);
        Assert.Same(parcel, reissue.ReplacesShipment);
        Assert.False(order.NeedsReissue);
        Assert.Equal(T0.AddDays(1) + ShipWithin, reissue.ShipByUtc);
    }

    [Fact]
    public void CreateReissue_TheSameParcelTwice_IsRefused()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Intercepted);
        Create(order, ReissueScenario.Intercepted);

        var e = Assert.Throws<DomainException>(() => Create(order, ReissueScenario.Intercepted));
        Assert.Contains("已有补发单覆盖", e.MessageKey);
    }

    [Fact]
    public void CreateReissue_Second_WaitsForStaffToEnterItsNumber()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Intercepted);
        var first = Create(order, ReissueScenario.Intercepted);
        var firstParcel = first.Ship(Courier.ZTO, "73123456789012", T0.AddDays(1).AddMinutes(1), automatic: true);
        firstParcel.ApplyCourierEvent(ShipmentStatus.Intercepted, T0.AddDays(2), T0.AddDays(2));
        order.OnShipmentChanged(firstParcel, T0.AddDays(2));

        var second = Create(order, ReissueScenario.Intercepted);

        Assert.Equal(2, second.Sequence);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, second.Status);
        Assert.Same(firstParcel, second.ReplacesShipment);
        Assert.Throws<DomainException>(() => second.Ship(Courier.YTO, "YT1234567890123", T0.AddDays(3), automatic: true));
    }

    [Fact]
    public void CancelledReissues_KeepTheirSequence_AndFreeTheParcel()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Intercepted);
        Create(order, ReissueScenario.Intercepted).Cancel("地址有误", T0.AddDays(1));

        var next = Create(order, ReissueScenario.Intercepted);

        Assert.Equal(2, next.Sequence);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, next.Status);
    }

    [Fact]
    public void CreateReissue_AtTheLimit_IsRefused_CountingOnlyThoseNotCancelled()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Intercepted);
        Create(order, ReissueScenario.Intercepted, max: 1);

        var e = Assert.Throws<DomainException>(() => TestData.ApprovedRequestReissue(order, "BF261120999999", T0.AddDays(2),
            new ShopSettings { MaxReissuesPerOrder = 1 }));
        Assert.Contains("已达上限", e.MessageKey);
    }

    [Fact]
    public void CreateReissue_ForAReshipRequest_WithoutTheRequest_IsRefused()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Intercepted);

        var e = Assert.Throws<DomainException>(() => order.CreateReissue(
            new ReissueRequest(ReissueScenario.ReshipRequest, ReissueSource.ReshipRequest), "BF261120999999", 10, ShipWithin, T0.AddDays(2)));

        Assert.Equal(DomainErrorKind.InvalidState, e.Kind);
        Assert.Empty(order.Reissues);
    }

    [Theory]
    [InlineData(ReissueScenario.Intercepted, ShipmentStatus.Intercepted, null)]
    [InlineData(ReissueScenario.DamagedReturned, ShipmentStatus.Intercepted, ReissueRefusal.NothingToReplace)]
    [InlineData(ReissueScenario.DamagedReturned, ShipmentStatus.Returned, null)]
    [InlineData(ReissueScenario.AfterSaleWithdrawn, ShipmentStatus.Returned, null)]
    public void CheckReissue_NamesTheParcelToReplace_OrWhyNot(ReissueScenario scenario, ShipmentStatus stop, ReissueRefusal? refusal)
    {
        var order = NewOrder();
        var parcel = ShipAndStop(order, stop);

        var check = order.CheckReissue(scenario, 10);

        Assert.Equal(refusal, check.Refusal);
        Assert.Equal(refusal is null ? parcel : null, check.Replaces);
        if (refusal is null) Assert.Same(parcel, order.CreateReissue(new ReissueRequest(scenario, ReissueSource.Manual), "BF261120000001", 10, ShipWithin, T0.AddDays(2)).ReplacesShipment);
        else Assert.Equal(check.ReasonKey, Assert.Throws<DomainException>(() => order.CreateReissue(new ReissueRequest(scenario, ReissueSource.Manual), "BF261120000001", 10, ShipWithin, T0.AddDays(2))).MessageKey);
    }

    [Fact]
    public void CheckReissue_AtTheLimit_IsRefused_WithTheParcelItWouldReplace()
    {
        var order = NewOrder();
        var parcel = ShipAndStop(order, ShipmentStatus.Returned);

        var check = order.CheckReissue(ReissueScenario.DamagedReturned, 0);

        Assert.Equal(ReissueRefusal.AtLimit, check.Refusal);
        Assert.Same(parcel, check.Replaces);
        Assert.Equal("该订单已有 {0} 个补发单，已达上限", check.ReasonKey);
    }

    [Fact]
    public void CreateReissue_QuantityAboveWhatWasOrdered_BreaksAStoredFact()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Returned);

        var e = Assert.Throws<DomainException>(() => Create(order, ReissueScenario.DamagedReturned, [new ItemQuantity("pdd-cup-350", 3)]));
        Assert.Equal(DomainErrorKind.BreaksStoredFact, e.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void CreateReissue_QuantityNotAboveZero_IsInvalid(int quantity)
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Returned);

        var e = Assert.Throws<DomainException>(() => Create(order, ReissueScenario.DamagedReturned, [new ItemQuantity("PDD-CUP-350", quantity)]));
        Assert.Equal(DomainErrorKind.Invalid, e.Kind);
    }

    [Fact]
    public void CreateReissue_WithoutItems_SendsTheWholeOrder()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Returned);

        var reissue = Create(order, ReissueScenario.DamagedReturned);

        Assert.Equal(order.Items.Select(i => (i.Sku, i.Quantity)), reissue.Items.Select(i => (i.Sku, i.Quantity)));
    }

    [Fact]
    public void Withdrawal_ReplacesTheLatestStoppedParcel_OnlyWhenNothingIsOnItsWay()
    {
        var order = NewOrder();
        var parcel = ShipAndStop(order, ShipmentStatus.Intercepted);
        Assert.Same(parcel, order.FindParcelToReplaceOnWithdrawal());

        Create(order, ReissueScenario.Intercepted);

        Assert.Null(order.FindParcelToReplaceOnWithdrawal());
    }

    [Fact]
    public void Withdrawal_WithAMovingParcel_NeedsNoReissue()
    {
        var order = NewOrder();
        order.Ship(Courier.SF, "SF1234567890123", T0.AddHours(2));

        Assert.Null(order.FindParcelToReplaceOnWithdrawal());
    }

    [Fact]
    public void ReplacedParcelDeliveredAfterAll_FlagsTheReissue()
    {
        var order = NewOrder();
        var parcel = ShipAndStop(order, ShipmentStatus.Intercepted);
        var reissue = Create(order, ReissueScenario.Intercepted);

        parcel.ApplyCourierEvent(ShipmentStatus.Delivered, T0.AddDays(3), T0.AddDays(3));
        order.OnShipmentChanged(parcel, T0.AddDays(3));

        Assert.True(reissue.ReplacedParcelDelivered);
    }

    [Fact]
    public void CorrectTracking_NeedsAReason_AndAShippedReissue()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Intercepted);
        var reissue = Create(order, ReissueScenario.Intercepted);

        Assert.Throws<DomainException>(() => reissue.CorrectTracking(Courier.SF, "SF1234567890999", "录错了", T0.AddDays(2)));
        reissue.Ship(Courier.SF, "SF1234567890123", T0.AddDays(2), automatic: true);
        Assert.Throws<DomainException>(() => reissue.CorrectTracking(Courier.SF, "SF1234567890999", " ", T0.AddDays(2)));

        reissue.CorrectTracking(Courier.SF, "SF1234567890999", "录错了", T0.AddDays(2));
        Assert.Equal("SF1234567890999", reissue.TrackingNo);
        Assert.Equal("SF1234567890999", reissue.Shipment!.TrackingNo);
    }

    [Fact]
    public void CorrectTracking_OnADeliveredReissue_IsAllowed()
    {
        var order = NewOrder();
        ShipAndStop(order, ShipmentStatus.Intercepted);
        var reissue = Create(order, ReissueScenario.Intercepted);
        var parcel = reissue.Ship(Courier.SF, "SF1234567890123", T0.AddDays(2), automatic: true);
        parcel.ApplyCourierEvent(ShipmentStatus.Delivered, T0.AddDays(4), T0.AddDays(4));
        order.OnShipmentChanged(parcel, T0.AddDays(4));
        Assert.Equal(ReissueStatus.Delivered, reissue.Status);

        reissue.CorrectTracking(Courier.SF, "SF1234567890999", "面单贴错", T0.AddDays(5));

        Assert.Equal("SF1234567890999", reissue.TrackingNo);
        Assert.Equal(ReissueStatus.Delivered, reissue.Status);
    }
}

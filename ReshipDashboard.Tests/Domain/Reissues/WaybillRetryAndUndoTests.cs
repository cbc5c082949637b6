using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Domain.Reissues;

public sealed class WaybillRetryAndUndoTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);

    private static (Order Order, ReissueOrder First, ReissueOrder Second) TwoReissues()
    {
        var order = TestData.NewOrder(T0);
        TestData.Ship(order, T0.AddHours(1), stop: ShipmentStatus.Intercepted, stoppedAtUtc: T0.AddHours(2));
        var first = order.CreateReissue(new ReissueRequest(ReissueScenario.Intercepted, ReissueSource.Manual), "BF261120000001", 10, TimeSpan.FromHours(48), T0.AddHours(3));
        var reissueParcel = first.Ship(Courier.ZTO, "73123456789012", T0.AddHours(4), automatic: true);
        reissueParcel.ApplyCourierEvent(ShipmentStatus.Intercepted, T0.AddHours(5), T0.AddHours(5));
        order.OnShipmentChanged(reissueParcel, T0.AddHours(5));
        var second = order.CreateReissue(new ReissueRequest(ReissueScenario.Intercepted, ReissueSource.Manual), "BF261120000002", 10, TimeSpan.FromHours(48), T0.AddHours(6));
        return (order, first, second);
    }

    [Fact]
    public void AFailedWaybill_IsRetriedAfter1_5_15_60Minutes_ThenNeedsAPerson()
    {
        var order = TestData.NewOrder(T0);
        TestData.Ship(order, T0, stop: ShipmentStatus.Intercepted);
        var reissue = order.CreateReissue(new ReissueRequest(ReissueScenario.Intercepted, ReissueSource.Manual), "BF261120000009", 10, TimeSpan.FromHours(48), T0);
        var now = T0;
        foreach (var minutes in new[] { 1, 5, 15, 60 })
        {
            reissue.RecordWaybillFailure("电子面单服务暂时无法取号", now);
            Assert.Equal(now.AddMinutes(minutes), reissue.NextWaybillAttemptAtUtc);
            Assert.False(reissue.IsDueForWaybill(now.AddMinutes(minutes).AddSeconds(-1)));
            Assert.True(reissue.IsDueForWaybill(now.AddMinutes(minutes)));
            Assert.False(reissue.WaybillNeedsPerson);
            now = now.AddMinutes(minutes);
        }
        reissue.RecordWaybillFailure("电子面单服务暂时无法取号", now);

        Assert.Null(reissue.NextWaybillAttemptAtUtc);
        Assert.True(reissue.WaybillNeedsPerson);
        Assert.False(reissue.IsDueForWaybill(now.AddDays(1)));
        reissue.RetryWaybill(now);
        Assert.True(reissue.IsDueForWaybill(now));
        Assert.Equal(0, reissue.WaybillFailures);
    }

    [Fact]
    public void UndoShipping_RightAfterEntry_PutsTheReissueBackAndFreesTheParcel()
    {
        var (order, _, second) = TwoReissues();
        var parcel = second.Ship(Courier.ZTO, "73123456789099", T0.AddHours(7), automatic: false);

        var removed = second.UndoShipping(T0.AddHours(7).AddMinutes(3));

        Assert.Same(parcel, removed);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, second.Status);
        Assert.Null(second.TrackingNo);
        Assert.DoesNotContain(parcel, order.Shipments);
    }

    [Fact]
    public void UndoShipping_AfterTheWindowOrCourierNews_IsRefused()
    {
        var (_, first, second) = TwoReissues();
        second.Ship(Courier.ZTO, "73123456789098", T0.AddHours(7), automatic: false);

        Assert.Throws<DomainException>(() => second.UndoShipping(T0.AddHours(7).AddMinutes(11)));
        Assert.Throws<DomainException>(() => first.UndoShipping(T0.AddHours(5)));
    }

    [Fact]
    public void AReissueParcelDelivered_DeliversTheOrder()
    {
        var (order, _, second) = TwoReissues();
        var parcel = second.Ship(Courier.ZTO, "73123456789097", T0.AddHours(7), automatic: false);
        parcel.ApplyCourierEvent(ShipmentStatus.Delivered, T0.AddDays(2), T0.AddDays(2));

        order.OnShipmentChanged(parcel, T0.AddDays(2));

        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.Equal(ReissueStatus.Delivered, second.Status);
    }
}

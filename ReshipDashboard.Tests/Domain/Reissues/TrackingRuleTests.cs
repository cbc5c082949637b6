using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Domain.Reissues;

public sealed class TrackingRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);

    private static Order InterceptedOrder() => TestData.InterceptedOrder(Now, "73123456789012");

    private static ReissueOrder Create(Order order, int counter) =>
        order.CreateReissue(new ReissueRequest(ReissueScenario.Intercepted, ReissueSource.Manual),
            ReissueNumber.Format(new DateOnly(2026, 11, 26), counter), 10, TimeSpan.FromHours(48), Now);

    private static (Order Order, ReissueOrder First, ReissueOrder Second) TwoReissues()
    {
        var order = InterceptedOrder();
        var first = Create(order, 1);
        var parcel = first.Ship(Courier.SF, "SF1234567890123", Now, automatic: true);
        parcel.ApplyCourierEvent(ShipmentStatus.Intercepted, Now.AddHours(1), Now.AddHours(1));
        order.OnShipmentChanged(parcel, Now.AddHours(1));
        return (order, first, Create(order, 2));
    }

    [Fact]
    public void FirstReissue_WaitsForItsAutomaticNumber()
    {
        var first = Create(InterceptedOrder(), 1);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(ReissueStatus.AwaitingTracking, first.Status);
    }

    [Fact]
    public void SecondReissue_WaitsForStaffToEnterItsNumber()
    {
        var (_, _, second) = TwoReissues();

        Assert.Equal(2, second.Sequence);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, second.Status);
    }

    [Fact]
    public void SecondReissue_IsNeverNumberedAutomatically()
    {
        var (_, _, second) = TwoReissues();

        var refused = Assert.Throws<DomainException>(() => second.Ship(Courier.ZTO, "73123456789099", Now, automatic: true));

        Assert.Equal(DomainErrorKind.InvalidState, refused.Kind);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, second.Status);
    }

    [Fact]
    public void SecondReissue_ShipsWhenStaffEnterTheNumber()
    {
        var (_, _, second) = TwoReissues();

        second.Ship(Courier.ZTO, "73123456789099", Now, automatic: false);

        Assert.Equal(ReissueStatus.Shipped, second.Status);
        Assert.Equal("73123456789099", second.TrackingNo);
    }

    [Fact]
    public void FirstReissue_MayStillBeNumberedByHand()
    {
        var first = Create(InterceptedOrder(), 1);

        first.Ship(Courier.YTO, "YT1234567890123", Now, automatic: false);

        Assert.Equal(ReissueStatus.Shipped, first.Status);
    }
}

using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Tests.Domain.Shipments;

public sealed class ShipmentTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);

    private static Shipment NewShipment() => new(1, ShipmentKind.Original, Courier.SF, "SF1234567890123", T0);

    public static TheoryData<ShipmentStatus, ShipmentStatus, bool> Table()
    {
        var data = new TheoryData<ShipmentStatus, ShipmentStatus, bool>();
        var allowed = new Dictionary<ShipmentStatus, ShipmentStatus[]>
        {
            [ShipmentStatus.Collected] = [ShipmentStatus.InTransit, ShipmentStatus.Intercepted, ShipmentStatus.Returned, ShipmentStatus.Delivered],
            [ShipmentStatus.InTransit] = [ShipmentStatus.InTransit, ShipmentStatus.Intercepted, ShipmentStatus.Returned, ShipmentStatus.Delivered],
            [ShipmentStatus.Intercepted] = [ShipmentStatus.Returned, ShipmentStatus.Delivered],
            [ShipmentStatus.Returned] = [],
            [ShipmentStatus.Delivered] = [],
        };
        foreach (var from in Enum.GetValues<ShipmentStatus>())
            foreach (var to in Enum.GetValues<ShipmentStatus>())
                if (to != ShipmentStatus.Collected && from != to)
                    data.Add(from, to, allowed[from].Contains(to));
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void ApplyCourierEvent_FollowsTheCourierTable(ShipmentStatus from, ShipmentStatus to, bool allowed)
    {
        var shipment = NewShipment();
        var path = from switch
        {
            ShipmentStatus.InTransit => new[] { ShipmentStatus.InTransit },
            ShipmentStatus.Intercepted => [ShipmentStatus.Intercepted],
            ShipmentStatus.Returned => [ShipmentStatus.Returned],
            ShipmentStatus.Delivered => [ShipmentStatus.Delivered],
            _ => [],
        };
        var t = T0;
        foreach (var step in path) shipment.ApplyCourierEvent(step, t = t.AddHours(1), t);

        if (allowed)
        {
            Assert.Equal(CourierEventOutcome.Applied, shipment.ApplyCourierEvent(to, t.AddHours(1), t.AddHours(1)));
            Assert.Equal(to, shipment.Status);
        }
        else
        {
            var e = Assert.Throws<DomainException>(() => shipment.ApplyCourierEvent(to, t.AddHours(1), t.AddHours(1)));
            Assert.Equal(DomainErrorKind.InvalidState, e.Kind);
            Assert.Equal(from, shipment.Status);
        }
    }

    [Fact]
    public void ApplyCourierEvent_SameAsCurrent_ChangesNothing()
    {
        var shipment = NewShipment();
        shipment.ApplyCourierEvent(ShipmentStatus.InTransit, T0.AddHours(1), T0.AddHours(1));

        Assert.Equal(CourierEventOutcome.Repeated, shipment.ApplyCourierEvent(ShipmentStatus.InTransit, T0.AddHours(2), T0.AddHours(2)));
        Assert.Equal(2, shipment.Events.Count);
    }

    [Fact]
    public void ApplyCourierEvent_OlderThanTheCurrentStatus_IsRecordedWithoutChangingIt()
    {
        var shipment = NewShipment();
        shipment.ApplyCourierEvent(ShipmentStatus.Delivered, T0.AddDays(2), T0.AddDays(2));

        var outcome = shipment.ApplyCourierEvent(ShipmentStatus.InTransit, T0.AddHours(5), T0.AddDays(2).AddMinutes(1));

        Assert.Equal(CourierEventOutcome.Stale, outcome);
        Assert.Equal(ShipmentStatus.Delivered, shipment.Status);
        Assert.Contains(shipment.Events, e => e.Status == ShipmentStatus.InTransit && !e.Applied);
    }

    [Fact]
    public void ApplyCourierEvent_AStaleEventAlreadyKept_OrPastTheLimit_IsARepeat()
    {
        var shipment = NewShipment();
        shipment.ApplyCourierEvent(ShipmentStatus.Delivered, T0.AddDays(2), T0.AddDays(2));
        var before = shipment.Events.Count;

        Assert.Equal(CourierEventOutcome.Repeated, shipment.ApplyCourierEvent(ShipmentStatus.InTransit, T0.AddHours(5), T0.AddDays(3), staleKept: 1, staleSeen: true));
        Assert.Equal(CourierEventOutcome.Repeated,
            shipment.ApplyCourierEvent(ShipmentStatus.InTransit, T0.AddHours(6), T0.AddDays(3), staleKept: Shipment.MaxStaleEvents));
        Assert.Equal(CourierEventOutcome.Stale,
            shipment.ApplyCourierEvent(ShipmentStatus.InTransit, T0.AddHours(7), T0.AddDays(3), staleKept: Shipment.MaxStaleEvents - 1));
        Assert.Equal(before + 1, shipment.Events.Count);
    }

    [Fact]
    public void Intercepted_ThenReturned_StillCountsAsIntercepted()
    {
        var shipment = NewShipment();
        shipment.ApplyCourierEvent(ShipmentStatus.Intercepted, T0.AddHours(1), T0.AddHours(1));
        shipment.ApplyCourierEvent(ShipmentStatus.Returned, T0.AddHours(9), T0.AddHours(9));

        Assert.True(shipment.WasIntercepted);
        Assert.True(shipment.IsStopped);
    }
}

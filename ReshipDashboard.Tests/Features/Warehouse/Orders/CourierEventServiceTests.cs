using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders;

public sealed class CourierEventServiceTests : IAsyncLifetime
{
    private ServiceHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServiceHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ApplyAsync_OutOfOrder_TheLaterEventWins()
    {
        var order = await _h.CreateOrderAsync();
        var number = _h.NextSfNumber();
        await _h.Orders().ShipAsync(order.OrderNo, "SF", number);
        var now = _h.ShopClock.UtcNow;

        var returned = await _h.CourierEvents().ApplyAsync(Courier.SF, number, ShipmentStatus.Returned, now.AddHours(-1));
        var intercepted = await _h.CourierEvents().ApplyAsync(Courier.SF, number, ShipmentStatus.Intercepted, now.AddHours(-3));

        Assert.Equal(CourierEventOutcome.Applied, returned.Outcome);
        Assert.Equal(CourierEventOutcome.Stale, intercepted.Outcome);
        Assert.Equal(ShipmentStatus.Returned, intercepted.Status);
    }

    [Fact]
    public async Task ApplyAsync_OldEventsSentAgainAndAgain_KeepAtMostTheLimit_AndEachOnlyOnce()
    {
        var order = await _h.CreateOrderAsync();
        var number = _h.NextSfNumber();
        await _h.Orders().ShipAsync(order.OrderNo, "SF", number);
        var now = _h.ShopClock.UtcNow;
        await _h.CourierEvents().ApplyAsync(Courier.SF, number, ShipmentStatus.Delivered, now);

        var again = await _h.CourierEvents().ApplyAsync(Courier.SF, number, ShipmentStatus.InTransit, now.AddHours(-1));
        var repeated = await _h.CourierEvents().ApplyAsync(Courier.SF, number, ShipmentStatus.InTransit, now.AddHours(-1));
        for (var i = 2; i < 40; i++) await _h.CourierEvents().ApplyAsync(Courier.SF, number, ShipmentStatus.InTransit, now.AddHours(-i));

        Assert.Equal(CourierEventOutcome.Stale, again.Outcome);
        Assert.Equal(CourierEventOutcome.Repeated, repeated.Outcome);
        await using var db = _h.Database.CreateDbContext();
        Assert.Equal(Shipment.MaxStaleEvents, await db.ShipmentEvents.CountAsync(e => !e.Applied));
        Assert.Equal(Shipment.MaxStaleEvents, await db.AuditEntries.CountAsync(a => a.Action == "courier_event_stale"));
    }

    [Fact]
    public async Task ApplyAsync_DeliveryOfAParcelAReissueReplaced_FlagsTheReissue()
    {
        var (orderNo, number) = await _h.CreateStoppedOrderAsync(ShipmentStatus.Intercepted);
        var opened = await _h.AfterSales().OpenAsync(orderNo, AfterSaleType.RefundOnly, "不想要了", null);
        await _h.AfterSales().WithdrawAsync(opened.AfterSale.Id);

        var result = await _h.CourierEvents().ApplyAsync(Courier.SF, number, ShipmentStatus.Delivered, null);

        Assert.Equal(CourierEventOutcome.Applied, result.Outcome);
        await using var db = _h.Database.CreateDbContext();
        Assert.True((await db.Reissues.SingleAsync()).ReplacedParcelDelivered);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "replaced_parcel_delivered"));
    }
}

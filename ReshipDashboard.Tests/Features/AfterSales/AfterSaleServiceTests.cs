using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Tests.Features.AfterSales;

public sealed class AfterSaleServiceTests : IAsyncLifetime
{
    private ServiceHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServiceHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task WithdrawAsync_ManyAtOnce_CreateExactlyOneReissue()
    {
        var (orderNo, _) = await _h.CreateStoppedOrderAsync(ShipmentStatus.Intercepted);
        var opened = await _h.AfterSales().OpenAsync(orderNo, AfterSaleType.RefundOnly, "不想要了", null);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => _h.AfterSales().WithdrawAsync(opened.AfterSale.Id))));

        Assert.All(results, r => Assert.Equal(AfterSaleStatus.Withdrawn, r.AfterSale.Status));
        Assert.Single(results.Select(r => r.ReissueId).Distinct());
        Assert.Equal(1, await _h.ReissueCountAsync());
    }

    [Fact]
    public async Task WithdrawAsync_AutoReissueAwaitingItsNumber_WakesTheWaybillDispatcher()
    {
        var (orderNo, _) = await _h.CreateStoppedOrderAsync(ShipmentStatus.Returned);
        var opened = await _h.AfterSales().OpenAsync(orderNo, AfterSaleType.ReturnRefund, "破损", null);

        var withdrawn = await _h.AfterSales().WithdrawAsync(opened.AfterSale.Id);

        Assert.NotNull(withdrawn.ReissueId);
        Assert.True(await _h.Waybill.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task WithdrawAsync_WritesAuditForTheWithdrawalAndTheSystemsReissue()
    {
        var (orderNo, _) = await _h.CreateStoppedOrderAsync(ShipmentStatus.Intercepted);
        var opened = await _h.AfterSales().OpenAsync(orderNo, AfterSaleType.RefundOnly, "不想要了", null);

        await _h.AfterSales().WithdrawAsync(opened.AfterSale.Id);

        await using var db = _h.Database.CreateDbContext();
        var withdrawal = await db.AuditEntries.SingleAsync(a => a.EntityType == "after_sale" && a.Action == "withdrawn");
        Assert.Equal(ActorKind.ApiKey, withdrawal.ActorKind);
        var created = await db.AuditEntries.SingleAsync(a => a.EntityType == "reissue" && a.Action == "created");
        Assert.Equal(ActorKind.System, created.ActorKind);
        var reissue = await db.Reissues.SingleAsync();
        Assert.Equal(ReissueSource.Auto, reissue.Source);
    }

    [Fact]
    public async Task OpenAsync_ReshipType_OpensAnAfterSaleWithoutARequest()
    {
        var order = await _h.CreateOrderAsync();
        var opened = await _h.AfterSales().OpenAsync(order.OrderNo, AfterSaleType.Reship, "漏发", null);
        Assert.Equal(AfterSaleType.Reship, opened.AfterSale.Type);
        Assert.Equal(AfterSaleStatus.Open, opened.AfterSale.Status);
    }

    [Fact]
    public async Task WithdrawAsync_AClosedAfterSale_IsRefusedAsState()
    {
        var order = await _h.CreateOrderAsync();
        var opened = await _h.AfterSales().OpenAsync(order.OrderNo, AfterSaleType.RefundOnly, "不想要了", null);
        await using (var db = _h.Database.CreateDbContext())
        {
            var afterSale = await db.AfterSales.SingleAsync();
            afterSale.Close(_h.ShopClock.UtcNow);
            await db.SaveChangesAsync();
        }

        var e = await Assert.ThrowsAsync<DomainException>(() => _h.AfterSales().WithdrawAsync(opened.AfterSale.Id));
        Assert.Equal(DomainErrorKind.InvalidState, e.Kind);
    }
}

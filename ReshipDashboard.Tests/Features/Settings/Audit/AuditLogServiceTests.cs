using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Settings.Audit;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Settings.Audit;

/// <summary>The audit log reads records by the numbers people know, and names them so.</summary>
public sealed class AuditLogServiceTests : IAsyncLifetime
{
    private ServiceHarness _shop = null!;

    public async Task InitializeAsync() => _shop = await ServiceHarness.CreateAsync();

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Search_ByAnOrderNumber_FindsEverythingAboutTheOrder_NamedByItsNumbers()
    {
        var order = await _shop.CreateOrderAsync();
        var tracking = _shop.NextSfNumber();
        await _shop.Orders().ShipAsync(order.OrderNo, "SF", tracking);
        await _shop.CreateOrderAsync();
        var log = new AuditLogService(_shop.Database, new AccessGuard(TestActors.Owner()));

        var page = await log.SearchAsync(new AuditQuery(EntityId: order.OrderNo.ToLowerInvariant()));

        Assert.Equal(["order shipped", "shipment created", "order created"], page.Items.Select(l => $"{l.Subject} {l.Action}"));
        Assert.Equal([order.OrderNo, tracking, order.OrderNo], page.Items.Select(l => l.SubjectNo));
    }
}

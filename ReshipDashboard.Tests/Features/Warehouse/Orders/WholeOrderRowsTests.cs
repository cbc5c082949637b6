using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Tests.Data;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders;

/// <summary>
/// A page of whole orders reads, of each order's items, parcels, after-sales and reissues, the columns the API's
/// answer shows. That the answer is the one a single order gets is <c>OrderListTests</c>' business.
/// </summary>
public sealed class WholeOrderRowsTests : IAsyncLifetime
{
    private readonly TestApp _app = new();
    private QueryPlanRecorder _statements = null!;

    public async Task InitializeAsync()
    {
        await using (var db = await _app.Db.CreateDbContextAsync())
            _statements = QueryPlanRecorder.For(db);
        await _app.SeedDemoShopAsync(orders: 200);
    }

    public async Task DisposeAsync()
    {
        _statements.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Each table's columns that the answer does not show.</summary>
    public static TheoryData<string, string[]> Unshown() => new()
    {
        { "Reissues", ["\"Items\"", "\"AddressCity\"", "\"AddressPhone\"", "\"Remark\"", "\"WaybillError\"", "\"ShipByUtc\"", "\"Version\""] },
        { "AfterSales", ["\"Description\"", "\"CreatedAtUtc\"", "\"Version\""] },
        { "Shipments", ["\"StatusEventAtUtc\"", "\"WasIntercepted\"", "\"Version\""] },
    };

    [Theory]
    [MemberData(nameof(Unshown))]
    public async Task APage_ReadsOfEachTable_OnlyWhatTheAnswerShows(string table, string[] unshown)
    {
        List<ListedOrder> page = [];
        var statements = await _statements.RecordAsync(async () =>
            page = await _app.Services.CreateScope().ServiceProvider.GetRequiredService<OrderIntakeService>().ListAsync(ShipmentStatus.Intercepted, 0, 50));
        Assert.NotEmpty(page);
        Assert.Contains(page, o => o.Reissues.Count > 0);

        // The statement that reads the table's rows (the page's own statement finds the orders through Shipments).
        var read = Assert.Single(statements, s => s.Sql.Split("FROM ")[1].StartsWith($"\"{table}\"", StringComparison.Ordinal)).Sql;
        Assert.All(unshown, column => Assert.DoesNotContain(column, read, StringComparison.Ordinal));
    }

    [Fact]
    public async Task APage_PutsEachRowInItsOwnOrder_AndAnOrderWithoutRowsHasNone()
    {
        var page = await _app.Services.CreateScope().ServiceProvider.GetRequiredService<OrderIntakeService>().ListAsync(null, 0, 100);
        Assert.Equal(100, page.Count);
        Assert.All(page, o =>
        {
            Assert.All(o.Items, i => Assert.Equal(o.Order.Id, i.OrderId));
            Assert.All(o.Shipments, s => Assert.Equal(o.Order.Id, s.OrderId));
            Assert.All(o.AfterSales, a => Assert.Equal(o.Order.Id, a.OrderId));
            Assert.All(o.Reissues, r => Assert.Equal(o.Order.Id, r.OrderId));
            Assert.NotEmpty(o.Items);
        });
        Assert.Contains(page, o => o.AfterSales.Count == 0);
        Assert.Contains(page, o => o.AfterSales.Count > 0);
        Assert.Equal(page.Select(o => o.Order.Id).Order(), page.Select(o => o.Order.Id));
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Api;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders;

/// <summary>
/// A page of whole orders reads, of each order's items, parcels, after-sales and reissues, the columns the API's
/// answer shows, and answers each order as the order read whole is answered.
/// </summary>
public sealed class WholeOrderRowsTests(WholeOrderRowsTests.Shop shop) : IClassFixture<WholeOrderRowsTests.Shop>
{
    /// <summary>One demo shop for the class's cases, which only read it.</summary>
    public sealed class Shop() : RecordedDemoShop(orders: 200);

    private readonly TestApp _app = shop.App;

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
        var statements = await shop.Statements.RecordAsync(async () =>
            page = await _app.Services.CreateScope().ServiceProvider.GetRequiredService<OrderIntakeService>().ListAsync(ShipmentStatus.Intercepted, 0, 50));
        Assert.NotEmpty(page);
        Assert.Contains(page, o => o.Reissues.Count > 0);

        // The statement that reads the table's rows (the page's own statement finds the orders through Shipments).
        var read = Assert.Single(statements, s => s.Sql.Contains($"FROM \"{table}\"", StringComparison.Ordinal)
            && s.Sql[s.Sql.IndexOf("FROM ", StringComparison.Ordinal)..].StartsWith($"FROM \"{table}\"", StringComparison.Ordinal)).Sql;
        Assert.All(unshown, column => Assert.DoesNotContain(column, read, StringComparison.Ordinal));
    }

    [Fact]
    public async Task APage_AnswersEachOrder_AsTheOrderReadWholeIsAnswered()
    {
        var services = _app.Services.CreateScope().ServiceProvider;
        var intake = services.GetRequiredService<OrderIntakeService>();
        var clock = services.GetRequiredService<ShopClock>();
        var page = await intake.ListAsync(null, 0, 100);
        Assert.Equal(100, page.Count);
        Assert.Contains(page, o => o.AfterSales.Count == 0);
        Assert.Contains(page, o => o.AfterSales.Count > 0);
        Assert.Contains(page, o => o.Reissues.Count > 0);
        Assert.Contains(page, o => o.Items.Count > 1);
        foreach (var listed in page)
        {
            var whole = await intake.FindAsync(listed.Order.OrderNo);
            Assert.Equal(JsonSerializer.Serialize(OrdersApi.OrderResource.From(whole!, clock)), JsonSerializer.Serialize(OrdersApi.OrderResource.From(listed, clock)));
        }
        Assert.Equal(page.Select(o => o.Order.Id).Order(), page.Select(o => o.Order.Id));
    }
}

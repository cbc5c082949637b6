using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders;

public sealed class OrderServiceTests : IAsyncLifetime
{
    private readonly TestApp _app = new();
    private OrderService Orders => _app.Services.CreateScope().ServiceProvider.GetRequiredService<OrderService>();

    public async Task InitializeAsync() => await _app.SeedDemoShopAsync(orders: 400);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("261126-512345678901234", OrderSearchKind.OrderNo)]
    [InlineData("２６１１２６-５１２", OrderSearchKind.OrderNoPrefix)]
    [InlineData("5678", OrderSearchKind.PhoneLast4)]
    [InlineData("13900000002", OrderSearchKind.Phone)]
    [InlineData("139****0002", OrderSearchKind.MaskedPhone)]
    [InlineData("139＊＊＊＊0002", OrderSearchKind.MaskedPhone)]
    [InlineData("sf 1234 5678 9012 3", OrderSearchKind.TrackingNo)]
    [InlineData("", OrderSearchKind.All)]
    public void Interpret_ReadsWhatTheMerchantTyped(string text, OrderSearchKind kind)
    {
        var result = OrderService.Interpret(text);
        Assert.Equal(kind, result.Kind);
        Assert.Null(result.ProblemKey);
    }

    [Theory]
    [InlineData("261126-5123456789012345678")]
    [InlineData("261126-51234x")]
    [InlineData("订单")]
    public void Interpret_Malformed_GivesAnInlineProblem(string text) =>
        Assert.NotNull(OrderService.Interpret(text).ProblemKey);

    [Fact]
    public async Task Search_ByOrderNumber_FindsExactlyThatOrder()
    {
        var orderNo = await FirstAsync(db => db.Orders.Select(o => o.OrderNo));

        var result = await Orders.SearchAsync(new OrderQuery(orderNo));

        Assert.Equal(orderNo, Assert.Single(result.Page.Items).OrderNo);
    }

    [Fact]
    public async Task Search_ByTrackingNumber_TypedWithSpacesAndLowerCase_FindsTheOrder()
    {
        var shipment = await FirstAsync(db => db.Shipments.Select(s => new { s.TrackingNo, s.OrderId }));
        var typed = string.Join(" ", shipment.TrackingNo.ToLowerInvariant().Chunk(4).Select(c => new string(c)));

        var result = await Orders.SearchAsync(new OrderQuery(typed));

        Assert.Equal(OrderSearchKind.TrackingNo, result.Interpretation.Kind);
        Assert.Equal(shipment.OrderId, Assert.Single(result.Page.Items).Id);
    }

    [Fact]
    public async Task Search_ByPhoneLast4_ListsThatBuyersOrders_Masked()
    {
        var phone = await FirstAsync(db => db.Orders.Select(o => o.Buyer.Phone));

        var result = await Orders.SearchAsync(new OrderQuery(phone[^4..]));

        Assert.NotEmpty(result.Page.Items);
        Assert.All(result.Page.Items, r => Assert.EndsWith(phone[^4..], r.MaskedPhone));
        Assert.All(result.Page.Items, r => Assert.Contains("****", r.MaskedPhone));
    }

    [Fact]
    public async Task Search_ByTheWholePhone_OrByItsMaskedForm_FindsThatBuyersOrders_AsTheLastFourDigitsDo()
    {
        var phone = await FirstAsync(db => db.Orders.Select(o => o.Buyer.Phone));
        var byLast4 = await Orders.SearchAsync(new OrderQuery(phone[^4..], PageSize: 100));

        var byPhone = await Orders.SearchAsync(new OrderQuery(phone, PageSize: 100));
        var byMasked = await Orders.SearchAsync(new OrderQuery($"{phone[..3]}****{phone[^4..]}", PageSize: 100));

        Assert.Null(byPhone.Interpretation.ProblemKey);
        Assert.Null(byMasked.Interpretation.ProblemKey);
        Assert.NotEmpty(byPhone.Page.Items);
        var masked = ReshipDashboard.Domain.Common.PhoneMask.Mask(phone);
        Assert.All(byPhone.Page.Items, r => Assert.Equal(masked, r.MaskedPhone));
        Assert.All(byMasked.Page.Items, r => Assert.Equal(masked, r.MaskedPhone));
        Assert.Subset(byLast4.Page.Items.Select(r => r.Id).ToHashSet(), byMasked.Page.Items.Select(r => r.Id).ToHashSet());
        Assert.Subset(byMasked.Page.Items.Select(r => r.Id).ToHashSet(), byPhone.Page.Items.Select(r => r.Id).ToHashSet());
    }

    [Fact]
    public async Task Search_NeedsReissueOnly_ListsOnlyOrdersWithAStoppedUncoveredParcel()
    {
        var result = await Orders.SearchAsync(new OrderQuery(NeedsReissueOnly: true, PageSize: 100));

        Assert.NotEmpty(result.Page.Items);
        Assert.All(result.Page.Items, r => Assert.True(r.NeedsReissue));
    }

    [Fact]
    public async Task Search_PagesAreDisjointAndNewestFirst()
    {
        var first = await Orders.SearchAsync(new OrderQuery(PageSize: 20));
        var second = await Orders.SearchAsync(new OrderQuery(PageSize: 20, After: first.Last));

        // The whole list is not counted: it is browsed by keyset, next page after the last row shown.
        Assert.False(first.Counted);
        Assert.True(first.HasNext);
        Assert.Equal(20, second.Page.Items.Count);
        Assert.Empty(first.Page.Items.Select(r => r.Id).Intersect(second.Page.Items.Select(r => r.Id)));
        Assert.True(first.Page.Items[^1].PaidAtUtc >= second.Page.Items[0].PaidAtUtc);
    }

    [Fact]
    public async Task Search_UnknownTrackingNumber_FindsNothing()
    {
        var result = await Orders.SearchAsync(new OrderQuery("SF9999999999999"));
        Assert.Equal(0, result.Page.TotalCount);
    }

    [Fact]
    public async Task GetDetail_HasItemsShipmentsHistoryAndReissues()
    {
        var orderNo = await FirstAsync(db => db.Reissues.Select(r => r.Order.OrderNo));

        var detail = await Orders.GetDetailAsync(orderNo);

        Assert.NotNull(detail);
        Assert.NotEmpty(detail.Items);
        Assert.NotEmpty(detail.Reissues);
        Assert.All(detail.Shipments, s => Assert.NotEmpty(s.Events));
        Assert.Contains("****", detail.MaskedPhone);
    }

    [Fact]
    public async Task GetDetail_ShowsTheOrdersTimeline_FromTheAuditTrail()
    {
        var reissue = await FirstAsync(db => db.Reissues.Where(r => r.Status == global::ReshipDashboard.Domain.Reissues.ReissueStatus.AwaitingManualTracking)
            .Select(r => new { r.Id, r.ReissueNo, r.Order.OrderNo }));
        using var api = _app.CreateApiClient();
        using var put = await api.PutAsync($"/api/v1/reissues/{reissue.Id}/tracking",
            System.Net.Http.Json.JsonContent.Create(new { carrier = "YTO", trackingNo = "YT7000000000001" }));
        put.EnsureSuccessStatusCode();

        var detail = await Orders.GetDetailAsync(reissue.OrderNo);

        var entry = Assert.Single(detail!.Timeline, t => t.Action == "shipped" && t.Subject == "reissue");
        Assert.Equal(reissue.Id, entry.SubjectId);
        Assert.Equal(reissue.ReissueNo, entry.SubjectNo);
        Assert.Equal("awaiting_manual_tracking", entry.FromStatus);
        Assert.Equal("shipped", entry.ToStatus);
        Assert.StartsWith("config-key", entry.Actor.Name);
    }

    [Fact]
    public async Task GetDetail_AnAfterSaleARequestOpened_ShowsTheRequestAsItIsNow_AndItsReissue()
    {
        var orderNo = await TestData.CreateOrderAsync(_app.Db, _app.Clock.GetUtcNow().UtcDateTime);
        using var api = _app.CreateApiClient();
        using var submitted = await api.PostAsync("/api/v1/reship-requests", System.Net.Http.Json.JsonContent.Create(TestData.Body(orderNo)));
        var id = System.Text.Json.JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        (await api.PutAsync($"/api/v1/reship-requests/{id}", System.Net.Http.Json.JsonContent.Create(TestData.Body(orderNo, description: "少了一盒")))).EnsureSuccessStatusCode();
        (await api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null)).EnsureSuccessStatusCode();

        var detail = await Orders.GetDetailAsync(orderNo);

        var afterSale = Assert.Single(detail!.AfterSales);
        Assert.Equal(new AfterSaleRequestView(id, global::ReshipDashboard.Domain.ReshipRequests.ReshipReason.Damaged, "少了一盒"), afterSale.Request);
        Assert.Equal(Assert.Single(detail.Reissues).ReissueNo, afterSale.ReissueNo);
    }

    [Theory]
    [InlineData("261126-000000000000000")]
    [InlineData("not-an-order")]
    public async Task GetDetail_UnknownOrMalformed_IsNull(string orderNo) => Assert.Null(await Orders.GetDetailAsync(orderNo));

    private async Task<T> FirstAsync<T>(Func<ReshipDashboard.Data.ReshipDbContext, IQueryable<T>> query)
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        return await query(db).FirstAsync();
    }
}

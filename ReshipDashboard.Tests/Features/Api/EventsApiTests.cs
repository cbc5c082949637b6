using System.Net;
using System.Text.Json.Nodes;

namespace ReshipDashboard.Tests.Features.Api;

public sealed class EventsApiTests : ApiTestBase
{
    private async Task<JsonObject> FeedAsync(string? cursor = null, int? limit = null)
    {
        var query = new List<string>();
        if (cursor is not null) query.Add($"cursor={cursor}");
        if (limit is not null) query.Add($"limit={limit}");
        using var response = await Client.GetAsync("/api/v1/events" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync(response);
    }

    [Fact]
    public async Task Feed_ListsChangesInCommitOrder_WithShopTimes()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted");
        using (await Client.PostAsync($"/api/v1/after-sales/{await OpenAfterSaleAsync(orderNo)}/withdraw", null)) { }

        var feed = await FeedAsync(limit: 100);
        var items = feed["items"]!.AsArray();
        Assert.Equal(
            ["order.created", "order.shipped", "shipment.status_changed", "after_sale.created", "after_sale.withdrawn", "reissue.created"],
            items.Select(i => i!["type"]!.GetValue<string>()));
        var ids = items.Select(i => i!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.EndsWith("+08:00", items[0]!["at"]!.GetValue<string>());
        Assert.Equal(orderNo, items[0]!["data"]!["orderNo"]!.GetValue<string>());
        Assert.Equal("auto", items[^1]!["data"]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Feed_PagedWithCursor_SeesEveryEventOnce_AndTheEndCursorWaitsForMore()
    {
        for (var i = 0; i < 3; i++) await CreateShippedOrderAsync();
        var seen = new List<long>();
        var cursor = (string?)null;
        while (true)
        {
            var page = await FeedAsync(cursor, limit: 4);
            var items = page["items"]!.AsArray();
            cursor = page["nextCursor"]!.GetValue<string>();
            Assert.False(string.IsNullOrEmpty(cursor));
            if (items.Count == 0) break;
            seen.AddRange(items.Select(i => i!["id"]!.GetValue<long>()));
        }
        Assert.Equal(6, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());

        var atEnd = await FeedAsync(cursor);
        Assert.Empty(atEnd["items"]!.AsArray());
        Assert.Equal(cursor, atEnd["nextCursor"]!.GetValue<string>());

        await CreateOrderAsync();
        var later = await FeedAsync(cursor);
        Assert.Equal("order.created", Assert.Single(later["items"]!.AsArray())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Feed_Empty_StillGivesACursor()
    {
        var feed = await FeedAsync();
        Assert.Empty(feed["items"]!.AsArray());
        Assert.False(string.IsNullOrEmpty(feed["nextCursor"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=%21%21", "cursor")]
    public async Task Feed_WithBadPaging_Is400(string query, string field)
    {
        using var response = await Client.GetAsync($"/api/v1/events?{query}");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }
}

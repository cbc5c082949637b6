using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReshipDashboard.Tests.Features.Api;

/// <summary>
/// The order list reads a page's items, parcels, after-sales and reissues by the page's keys, a table at a time: each
/// row must land in its own order, and each order must read as `GET /api/v1/orders/{no}` answers it.
/// </summary>
public sealed class OrderListTests : ApiTestBase
{
    // No reissue parcel arrives from the waybill service while the reads are compared.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Waybill:DelayMilliseconds"] = "86400000" };

    [Fact]
    public async Task List_AnswersEachOrderWhole_AsTheOrderItselfIsAnswered()
    {
        var (intercepted, interceptedParcel) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(interceptedParcel, "intercepted");
        var byHand = await CreateReissueAsync(intercepted, "intercepted");
        // A reissue shipped by hand: its parcel, with the reissue's id, is among the order's parcels.
        using (var tracking = await Client.PutAsJsonAsync($"/api/v1/reissues/{byHand}/tracking", new { carrier = "SF", trackingNo = NextSfNumber() }))
            Assert.True(tracking.StatusCode == HttpStatusCode.OK, await tracking.Content.ReadAsStringAsync());
        var twoLines = await CreateOrderAsync(new[] { new { sku = "SKU-A", quantity = 1, unitPrice = 1990 }, new { sku = "SKU-B", quantity = 3, unitPrice = 4590 } });
        var (returned, returnedParcel) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(returnedParcel, "returned");
        await OpenAfterSaleAsync(returned);
        await CreateReissueAsync(returned, "damaged_returned");

        var listed = (await ReadAsync(await Client.GetAsync("/api/v1/orders?limit=100")))["items"]!.AsArray();
        Assert.Equal(3, listed.Count);
        foreach (var orderNo in new[] { intercepted, twoLines, returned })
            Assert.True(JsonNode.DeepEquals(await GetOrderAsync(orderNo), Listed(orderNo)), $"{orderNo} reads otherwise in the list");

        Assert.Single(Listed(intercepted)["reissues"]!.AsArray());
        Assert.Equal(byHand, Listed(intercepted)["shipments"]!.AsArray().Single(p => p!["kind"]!.GetValue<string>() == "reissue")!["reissueId"]!.GetValue<int>());
        Assert.Empty(Listed(intercepted)["afterSales"]!.AsArray());
        Assert.Equal(["SKU-A", "SKU-B"], Listed(twoLines)["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()));
        Assert.Empty(Listed(twoLines)["shipments"]!.AsArray());
        Assert.Empty(Listed(twoLines)["reissues"]!.AsArray());
        Assert.Single(Listed(returned)["afterSales"]!.AsArray());
        Assert.Single(Listed(returned)["reissues"]!.AsArray());

        JsonNode Listed(string orderNo) => listed.Single(o => o!["orderNo"]!.GetValue<string>() == orderNo)!;
    }

    private async Task<string> CreateOrderAsync(object[] items)
    {
        var body = JsonSerializer.SerializeToNode(OrderBody())!.AsObject();
        body["items"] = JsonSerializer.SerializeToNode(items);
        using var response = await Client.PostAsJsonAsync("/api/v1/orders", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadAsync(response))["orderNo"]!.GetValue<string>();
    }

    private async Task<int> CreateReissueAsync(string orderNo, string scenario)
    {
        using var created = await Client.PostAsJsonAsync("/api/v1/reissues", new { orderNo, scenario });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await ReadAsync(created))["id"]!.GetValue<int>();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace ReshipDashboard.Tests.Features.Api;

public sealed class OrdersApiTests : ApiTestBase
{
    [Fact]
    public async Task Post_WithoutNumber_GeneratesOneInTheShopsDate_AndAnswersTheWholeOrder()
    {
        // 2026-11-26T02:00Z is 10:00 in Shanghai.
        using var response = await Client.PostAsJsonAsync("/api/v1/orders", OrderBody());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await ReadAsync(response);
        var orderNo = order["orderNo"]!.GetValue<string>();
        Assert.Matches(new Regex(@"^261126-\d{15}$"), orderNo);
        Assert.Equal($"/api/v1/orders/{orderNo}", response.Headers.Location!.OriginalString);
        Assert.Equal("awaiting_shipment", order["status"]!.GetValue<string>());
        Assert.Equal("138****5678", order["buyer"]!["phone"]!.GetValue<string>());
        Assert.Equal("保温杯 500ml", order["items"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(3980, order["totalAmount"]!.GetValue<long>());
        Assert.EndsWith("+08:00", order["createdAt"]!.GetValue<string>());
        Assert.Empty(order["shipments"]!.AsArray());
        Assert.Equal(order.ToJsonString(), (await GetOrderAsync(orderNo)).ToJsonString());
    }

    [Fact]
    public async Task Post_DuplicateNumber_Is409()
    {
        await CreateOrderAsync("261126-000000000000001");
        using var response = await Client.PostAsJsonAsync("/api/v1/orders", OrderBody("261126-000000000000001"));
        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Post_PricesBeyondAnyShop_Are400_SoTotalsCannotOverflow()
    {
        var body = new
        {
            buyer = new { name = "张三", phone = "13812345678" },
            address = new { name = "张三", phone = "13812345678", province = "浙江省", city = "杭州市", district = "西湖区", detail = "文三路 1 号" },
            items = new[] { new { sku = "SKU-A", quantity = 2, unitPrice = long.MaxValue / 2 }, new { sku = "SKU-B", quantity = 2, unitPrice = long.MaxValue / 2 } },
        };
        using var response = await Client.PostAsJsonAsync("/api/v1/orders", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "items[0].unitPrice");

        using var product = await Client.PutAsJsonAsync("/api/v1/products/SKU-HUGE", new { name = "天价商品", unitPrice = long.MaxValue });
        await AssertProblemAsync(product, HttpStatusCode.BadRequest, "unitPrice");
    }

    [Fact]
    public async Task Post_ABodyThatIsNotJson_Is400Problem()
    {
        using var response = await Client.PostAsync("/api/v1/orders", new StringContent("orderNo=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Post_UnknownSku_Is400()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/orders", OrderBody(sku: "SKU-NOPE"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "items[0].sku");
    }

    [Fact]
    public async Task Post_WithBadFields_Is400NamingEach()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/orders", new
        {
            orderNo = "12345",
            buyer = new { name = "", phone = "123" },
            address = new { name = "李四", phone = "13900001111", province = "", city = "杭州市", district = "西湖区", detail = "x" },
            items = new[] { new { sku = "SKU-A", quantity = 0, unitPrice = -5 } },
            paidAt = "yesterday",
        });
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "orderNo");
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "buyer.name", "buyer.phone", "address.province", "items[0].quantity", "items[0].unitPrice", "paidAt" })
            Assert.True(errors.ContainsKey(field), $"missing errors.{field}: {problem}");
    }

    [Fact]
    public async Task Post_WithoutItems_Is400()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/orders", new
        {
            buyer = new { name = "张三", phone = "13812345678" },
            address = new { name = "张三", phone = "13812345678", province = "浙江省", city = "杭州市", district = "西湖区", detail = "文三路" },
            items = Array.Empty<object>(),
        });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "items");
    }

    [Fact]
    public async Task Get_UnknownOrder_Is404()
    {
        using var response = await Client.GetAsync("/api/v1/orders/261126-999999999999999");
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Problem_FollowsAcceptLanguage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/orders/261126-999999999999999");
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var english = await Client.SendAsync(request);
        using var chinese = await Client.GetAsync("/api/v1/orders/261126-999999999999999");

        Assert.Equal("Order 261126-999999999999999 does not exist", (await AssertProblemAsync(english, HttpStatusCode.NotFound))["detail"]!.GetValue<string>());
        Assert.Equal("订单 261126-999999999999999 不存在", (await AssertProblemAsync(chinese, HttpStatusCode.NotFound))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ship_Original_Is201WithKindOriginal_AndSecondIs409()
    {
        var orderNo = await CreateOrderAsync();
        using var first = await Client.PostAsJsonAsync($"/api/v1/orders/{orderNo}/shipments", new { carrier = "SF", trackingNo = "sf1 0000 0000 0001" });
        using var second = await Client.PostAsJsonAsync($"/api/v1/orders/{orderNo}/shipments", new { carrier = "SF", trackingNo = NextSfNumber() });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var order = await ReadAsync(first);
        Assert.Equal("shipped", order["status"]!.GetValue<string>());
        var shipment = Assert.Single(order["shipments"]!.AsArray())!;
        Assert.Equal("original", shipment["kind"]!.GetValue<string>());
        Assert.Equal("collected", shipment["status"]!.GetValue<string>());
        Assert.Equal("SF1000000000001", shipment["trackingNo"]!.GetValue<string>());
        await AssertProblemAsync(second, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Ship_NumberNotFittingCourier_Is400_BeforeUnknownOrder404()
    {
        using var badNumber = await Client.PostAsJsonAsync("/api/v1/orders/261126-999999999999999/shipments", new { carrier = "SF", trackingNo = "123" });
        using var unknownOrder = await Client.PostAsJsonAsync("/api/v1/orders/261126-999999999999999/shipments", new { carrier = "SF", trackingNo = NextSfNumber() });
        using var unknownCarrier = await Client.PostAsJsonAsync("/api/v1/orders/261126-999999999999999/shipments", new { carrier = "XX", trackingNo = NextSfNumber() });

        await AssertProblemAsync(badNumber, HttpStatusCode.BadRequest, "trackingNo");
        await AssertProblemAsync(unknownOrder, HttpStatusCode.NotFound);
        await AssertProblemAsync(unknownCarrier, HttpStatusCode.BadRequest, "carrier");
    }

    [Fact]
    public async Task Ship_NumberUsedByAnotherOrder_Is409NamingIt()
    {
        var (firstOrder, trackingNo) = await CreateShippedOrderAsync();
        var other = await CreateOrderAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/orders/{other}/shipments", new { carrier = "SF", trackingNo });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(firstOrder, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_FiltersByShipmentStatus_AndPagesByCursor()
    {
        var (intercepted, trackingNo) = await CreateShippedOrderAsync();
        await CreateShippedOrderAsync();
        await CreateOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted");

        var filtered = await ReadAsync(await Client.GetAsync("/api/v1/orders?shipmentStatus=intercepted"));
        var only = Assert.Single(filtered["items"]!.AsArray())!;
        Assert.Equal(intercepted, only["orderNo"]!.GetValue<string>());
        Assert.True(only["needsReissue"]!.GetValue<bool>());

        var first = await ReadAsync(await Client.GetAsync("/api/v1/orders?limit=2"));
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await ReadAsync(await Client.GetAsync($"/api/v1/orders?limit=2&cursor={cursor}"));
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.Single(second["items"]!.AsArray());
        Assert.Null(second["nextCursor"]?.GetValue<string>());
    }

    [Fact]
    public async Task List_FilteredByShipmentStatus_PagesByCursor_InOrderAndWithoutRepeats()
    {
        var intercepted = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (orderNo, trackingNo) = await CreateShippedOrderAsync();
            await CreateShippedOrderAsync();
            await CourierEventOkAsync(trackingNo, "intercepted");
            intercepted.Add(orderNo);
        }

        var first = await ReadAsync(await Client.GetAsync("/api/v1/orders?shipmentStatus=intercepted&limit=2"));
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await ReadAsync(await Client.GetAsync($"/api/v1/orders?shipmentStatus=intercepted&limit=2&cursor={cursor}"));

        var seen = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(o => o!["orderNo"]!.GetValue<string>()).ToList();
        Assert.Equal(intercepted, seen);
        Assert.Null(second["nextCursor"]?.GetValue<string>());
    }

    [Fact]
    public async Task List_WithUnknownShipmentStatus_Is400()
    {
        using var response = await Client.GetAsync("/api/v1/orders?shipmentStatus=lost");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "shipmentStatus");
    }
}

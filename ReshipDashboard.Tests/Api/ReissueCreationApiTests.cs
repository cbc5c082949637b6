using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Api;

public sealed class ReissueCreationApiTests : IAsyncLifetime
{
    private readonly TestApp _app = new();
    private HttpClient _api = null!;

    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

    public Task InitializeAsync()
    {
        _api = _app.CreateApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private Task<HttpResponseMessage> Create(object body) => _api.PostAsJsonAsync("/api/v1/reissues", body);

    [Fact]
    public async Task PostReissue_ForAnInterceptedOrder_Answers201WithTheReissue()
    {
        var order = await TestData.AddShippedAsync(_app.Db, Now, ShipmentStatus.Intercepted);

        var response = await Create(new { orderNo = order.OrderNo, scenario = "intercepted", items = new[] { new { sku = "SKU-A", quantity = 1 } }, carrier = "SF", remark = "再发一次" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/reissues/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(order.OrderNo, body.GetProperty("orderNo").GetString());
        Assert.StartsWith("BF261126", body.GetProperty("reissueNo").GetString());
        Assert.Equal(1, body.GetProperty("sequence").GetInt32());
        Assert.Equal("manual", body.GetProperty("source").GetString());
        Assert.Equal("intercepted", body.GetProperty("scenario").GetString());
        Assert.Equal("awaiting_tracking", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("trackingNo").ValueKind);
        Assert.False(body.GetProperty("replacedParcelDelivered").GetBoolean());
    }

    [Fact]
    public async Task PostReissue_SecondOnAnOrder_AwaitsManualTracking()
    {
        var order = await TestData.AddShippedAsync(_app.Db, Now, ShipmentStatus.Returned);
        await TestData.AddReissuesAsync(_app.Db, order.Id, Now, 1);

        var response = await Create(new { orderNo = order.OrderNo, scenario = "damaged_returned" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(2, body.GetProperty("sequence").GetInt32());
        Assert.Equal("awaiting_manual_tracking", body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("12345", "intercepted", null, "orderNo")]
    [InlineData("261126-000000000000001", "lost", null, "scenario")]
    [InlineData("261126-000000000000001", "intercepted", "XYZ", "carrier")]
    public async Task PostReissue_WithAMalformedValue_Answers400BeforeLookingUpTheOrder(string orderNo, string scenario, string? carrier, string field)
    {
        var response = await Create(new { orderNo, scenario, carrier });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task PostReissue_WithAnUnknownSku_Answers400BeforeLookingUpTheOrder()
    {
        var response = await Create(new { orderNo = "261126-000000000000001", scenario = "intercepted", items = new[] { new { sku = "NOPE", quantity = 1 } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("items", out _));
    }

    [Fact]
    public async Task PostReissue_ForAnUnknownOrder_Answers404()
    {
        var response = await Create(new { orderNo = "261126-000000000000001", scenario = "intercepted" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("261126-000000000000001", (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostReissue_WithAQuantityAboveOrdered_Answers400EvenWhenTheStateAlsoRefuses()
    {
        var order = await TestData.AddUnshippedAsync(_app.Db, Now);

        var response = await Create(new { orderNo = order.OrderNo, scenario = "intercepted", items = new[] { new { sku = "SKU-A", quantity = 5 } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostReissue_WhenTheParcelIsAlreadyCovered_Answers409()
    {
        var order = await TestData.AddShippedAsync(_app.Db, Now, ShipmentStatus.Intercepted);
        Assert.Equal(HttpStatusCode.Created, (await Create(new { orderNo = order.OrderNo, scenario = "intercepted" })).StatusCode);

        var response = await Create(new { orderNo = order.OrderNo, scenario = "intercepted" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("该包裹已有补发单覆盖，不能重复补发", (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostReissue_ForAnOrderNeverShipped_Answers409()
    {
        var order = await TestData.AddUnshippedAsync(_app.Db, Now);

        var response = await Create(new { orderNo = order.OrderNo, scenario = "intercepted" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    private async Task<List<global::ReshipDashboard.Domain.Reissues.ReissueOrder>> WaitingReissuesAsync(int count)
    {
        var order = await TestData.AddShippedAsync(_app.Db, Now, ShipmentStatus.Intercepted);
        return await TestData.AddReissuesAsync(_app.Db, order.Id, Now, count);
    }

    [Fact]
    public async Task UploadCsv_AppliesValidRowsAndReportsRefusedOnesByLine()
    {
        var reissues = await WaitingReissuesAsync(2);
        var csv = $"补发单号,快递公司,物流单号\n{reissues[0].ReissueNo},中通快递,73123456780001\n{reissues[1].ReissueNo},中通快递,SF1234567890123\nBF261126999999,ZTO,73123456780003\n";
        var content = new ByteArrayContent(TrackingUploadGbk(csv));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        var response = await _api.PostAsync("/api/v1/reissues/tracking-uploads", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(1, body.GetProperty("applied").GetInt32());
        Assert.Equal(0, body.GetProperty("unchanged").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([3, 4], rejected.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(reissues[1].Id, rejected[0].GetProperty("reissueId").GetInt32());
        Assert.Contains("顺丰", rejected[0].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, rejected[1].GetProperty("reissueId").ValueKind);
    }

    private static byte[] TrackingUploadGbk(string text) =>
        ReshipDashboard.Features.Warehouse.Orders.Reissues.TrackingUploadParser.Gbk.GetBytes(text);

    [Fact]
    public async Task UploadJson_AppliesRowsAndCountsARepeatAsUnchanged()
    {
        var reissues = await WaitingReissuesAsync(2);
        var body = new { rows = new object[] { new { reissueId = reissues[0].Id, carrier = "ZTO", trackingNo = "73123456780001" }, new { reissueId = reissues[1].Id, carrier = "ZTO", trackingNo = "73123456780002" } } };
        await _api.PostAsJsonAsync("/api/v1/reissues/tracking-uploads", body);

        var response = await _api.PostAsJsonAsync("/api/v1/reissues/tracking-uploads", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Json(response);
        Assert.Equal(0, json.GetProperty("applied").GetInt32());
        Assert.Equal(2, json.GetProperty("unchanged").GetInt32());
        Assert.Empty(json.GetProperty("rejected").EnumerateArray());
    }

    [Theory]
    [InlineData("text/csv", "订单号,金额\n1,2\n")]
    [InlineData("application/json", "{\"items\": []}")]
    [InlineData("application/json", "{not json")]
    public async Task Upload_AnUnreadableBody_Answers400(string mediaType, string text)
    {
        var response = await _api.PostAsync("/api/v1/reissues/tracking-uploads", new StringContent(text, Encoding.UTF8, mediaType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Upload_AboveFiveMebibytes_Answers413()
    {
        var content = new ByteArrayContent(new byte[5 * 1024 * 1024 + 1]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        var response = await _api.PostAsync("/api/v1/reissues/tracking-uploads", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_ABodyJustUnderTheLimit_IsNotRefusedForItsSize()
    {
        var reissues = await WaitingReissuesAsync(1);
        var csv = $"补发单号,快递公司,物流单号\n{reissues[0].ReissueNo},ZTO,73123456780001\n";
        var text = csv + new string('\n', 4 * 1024 * 1024);

        var response = await _api.PostAsync("/api/v1/reissues/tracking-uploads", new StringContent(text, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = _app.Db.CreateDbContext();
        Assert.Equal("73123456780001", (await db.Reissues.SingleAsync(r => r.Id == reissues[0].Id)).TrackingNo);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Api;

/// <summary>One app for the class; its dispatcher is idle unless a test wakes it.</summary>
public sealed class ReissuesApiApp : IAsyncLifetime
{
    public TestApp App { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class ReissuesApiTests : IClassFixture<ReissuesApiApp>
{
    private readonly TestApp _app;
    private readonly HttpClient _client;
    private readonly ReissueFixtures _data;

    public ReissuesApiTests(ReissuesApiApp fixture)
    {
        var app = fixture.App;
        _app = app;
        _client = app.CreateApiClient();
        _data = new ReissueFixtures(app.Db, app.Services.GetRequiredService<ReissuePipeline>(), app.Clock);
    }

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private async Task<JsonObject> GetAsync(int id)
    {
        var response = await _client.GetAsync($"/api/v1/reissues/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await BodyAsync(response);
    }

    [Fact]
    public async Task Get_AnswersTheReissueWithTheFieldsOfTheContract()
    {
        var (orderNo, first, second) = await _data.OrderWithSecondReissueAsync();

        var body = await GetAsync(second);

        Assert.Equal(second, (int)body["id"]!);
        Assert.Equal(orderNo, (string)body["orderNo"]!);
        Assert.Equal(2, (int)body["sequence"]!);
        Assert.Equal("manual", (string)body["source"]!);
        Assert.Equal("intercepted", (string)body["scenario"]!);
        Assert.Equal("awaiting_manual_tracking", (string)body["status"]!);
        Assert.Matches(@"^BF\d{12}$", (string)body["reissueNo"]!);
        Assert.False((bool)body["replacedParcelDelivered"]!);
        Assert.True(body.ContainsKey("carrier") && body.ContainsKey("trackingNo") && body.ContainsKey("reshipRequestId"));
        Assert.EndsWith("+08:00", (string)body["createdAt"]!);
        Assert.Equal("shipped", (string)(await GetAsync(first))["status"]!);
    }

    [Fact]
    public async Task Get_UnknownReissue_Is404()
    {
        var response = await _client.GetAsync("/api/v1/reissues/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_WithoutAKey_Is401()
    {
        var response = await _app.CreateApiClient(apiKey: null).GetAsync("/api/v1/reissues/1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("abc")]
    public async Task List_WithALimitOutside1To100_Is400(string limit)
    {
        var response = await _client.GetAsync($"/api/v1/reissues?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await BodyAsync(response))["errors"]!.AsObject().ContainsKey("limit"));
    }

    [Fact]
    public async Task List_WithAnUnknownStatus_Is400()
    {
        var response = await _client.GetAsync("/api/v1/reissues?status=lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task List_FiltersByOrderAndStatus_AndPagesWithTheCursor()
    {
        var (orderNo, first, second) = await _data.OrderWithSecondReissueAsync();

        var all = await BodyAsync(await _client.GetAsync($"/api/v1/reissues?orderNo={orderNo}&limit=1"));
        var rest = await BodyAsync(await _client.GetAsync($"/api/v1/reissues?orderNo={orderNo}&limit=1&cursor={(string)all["nextCursor"]!}"));
        var waiting = await BodyAsync(await _client.GetAsync($"/api/v1/reissues?orderNo={orderNo}&status=awaiting_manual_tracking"));

        var seen = all["items"]!.AsArray().Concat(rest["items"]!.AsArray()).Select(i => (int)i!["id"]!).Order().ToList();
        Assert.Equal(new[] { first, second }.Order(), seen);
        Assert.Null(rest["nextCursor"]?.GetValue<string>());
        Assert.Equal(second, (int)waiting["items"]!.AsArray().Single()!["id"]!);
    }

    [Fact]
    public async Task PutTracking_OnASecondReissue_ShipsIt_AndAnswersTheWholeResource()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        var number = ReissueFixtures.NewNumber(ReshipDashboard.Domain.Shipments.Courier.ZTO);

        var response = await _client.PutAsJsonAsync($"/api/v1/reissues/{second}/tracking", new { carrier = "ZTO", trackingNo = number });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal("shipped", (string)body["status"]!);
        Assert.Equal(number, (string)body["trackingNo"]!);
        Assert.Equal(body.ToJsonString(), (await GetAsync(second)).ToJsonString());
    }

    [Fact]
    public async Task PutTracking_InTheWrongFormat_Is400_WithTheSuggestedCourier()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        var response = await _client.PutAsJsonAsync($"/api/v1/reissues/{second}/tracking", new { carrier = "SF", trackingNo = "73123456789012" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Contains("这看起来是中通快递的单号", (string)body["detail"]!);
        Assert.True(body["errors"]!.AsObject().ContainsKey("trackingNo"));
    }

    [Fact]
    public async Task PutTracking_ForAnUnknownReissue_Is404()
    {
        var response = await _client.PutAsJsonAsync("/api/v1/reissues/999999/tracking", new { carrier = "ZTO", trackingNo = "73123456789012" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PutTracking_WithANumberUsedElsewhere_Is409NamingTheOrder()
    {
        var (orderNo, first, _) = await _data.OrderWithSecondReissueAsync();
        var (_, _, other) = await _data.OrderWithSecondReissueAsync();
        var used = (string)(await GetAsync(first))["trackingNo"]!;

        var response = await _client.PutAsJsonAsync($"/api/v1/reissues/{other}/tracking", new { carrier = "SF", trackingNo = used });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(orderNo, (string)(await BodyAsync(response))["detail"]!);
    }

    [Fact]
    public async Task PutTracking_TheStoredNumberAgain_Is200Unchanged()
    {
        var (_, first, _) = await _data.OrderWithSecondReissueAsync();
        var before = await GetAsync(first);

        var response = await _client.PutAsJsonAsync($"/api/v1/reissues/{first}/tracking",
            new { carrier = (string)before["carrier"]!, trackingNo = (string)before["trackingNo"]! });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before.ToJsonString(), (await BodyAsync(response)).ToJsonString());
    }

    [Fact]
    public async Task PutTracking_CorrectingWithoutAReason_Is400_AndWithOne_RecordsTheCorrection()
    {
        var (_, first, _) = await _data.OrderWithSecondReissueAsync();
        var old = (string)(await GetAsync(first))["trackingNo"]!;
        var number = ReissueFixtures.NewNumber(ReshipDashboard.Domain.Shipments.Courier.YTO);

        var withoutReason = await _client.PutAsJsonAsync($"/api/v1/reissues/{first}/tracking", new { carrier = "YTO", trackingNo = number });
        var withReason = await _client.PutAsJsonAsync($"/api/v1/reissues/{first}/tracking", new { carrier = "YTO", trackingNo = number, reason = "面单贴错" });

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withReason.StatusCode);
        Assert.Equal(number, (string)(await BodyAsync(withReason))["trackingNo"]!);
        await using var db = await _app.Db.CreateDbContextAsync();
        var feed = await db.OutboxEvents.Where(e => e.Type == "reissue.tracking_corrected" && e.Subject == $"reissue/{first}").SingleAsync();
        var data = JsonDocument.Parse(feed.DataJson).RootElement;
        Assert.Equal(old, data.GetProperty("oldTrackingNo").GetString());
        Assert.Equal(number, data.GetProperty("trackingNo").GetString());
    }

    [Fact]
    public async Task PutTracking_OnACancelledReissue_Is409()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        await _client.PostAsJsonAsync($"/api/v1/reissues/{second}/cancel", new { reason = "买家改为退款" });

        var response = await _client.PutAsJsonAsync($"/api/v1/reissues/{second}/tracking", new { carrier = "ZTO", trackingNo = "73123456780000" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Cancel_BeforeShipping_AnswersTheCancelledResource()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        var response = await _client.PostAsJsonAsync($"/api/v1/reissues/{second}/cancel", new { reason = "买家改为退款" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal("cancelled", (string)body["status"]!);
        Assert.Equal(body.ToJsonString(), (await GetAsync(second)).ToJsonString());
    }

    [Fact]
    public async Task Cancel_WithoutAReason_Is400()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        var response = await _client.PostAsJsonAsync($"/api/v1/reissues/{second}/cancel", new { reason = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Cancel_AShippedReissue_Is409()
    {
        var (_, first, _) = await _data.OrderWithSecondReissueAsync();

        var response = await _client.PostAsJsonAsync($"/api/v1/reissues/{first}/cancel", new { reason = "不要了" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("已发货", (string)(await BodyAsync(response))["detail"]!);
    }

    [Fact]
    public async Task Cancel_AReshipRequestsReissue_Is409()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        var first = await _data.CreateReissueAsync(orderId, carrier: "ZTO");
        await _data.ShipAsync(first, ReshipDashboard.Domain.Shipments.Courier.ZTO, automatic: false);
        var reissue = await _data.CreateReissueAsync(orderId, ReissueScenario.ReshipRequest, ReissueSource.ReshipRequest);

        var response = await _client.PostAsJsonAsync($"/api/v1/reissues/{reissue}/cancel", new { reason = "不要了" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Cancel_AnUnknownReissue_Is404()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/reissues/999999/cancel", new { reason = "不要了" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

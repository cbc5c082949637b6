using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Api;

/// <summary>What a warehouse needs from the reissue resource, courier names as people write them, and the fixed wrong behaviours.</summary>
public sealed class ReissueShippingApiTests(ReshipApiApp fixture) : IClassFixture<ReshipApiApp>
{
    private TestApp App => fixture.App;
    private readonly HttpClient _api = fixture.App.CreateApiClient();
    private ReissueFixtures Data => new(App.Db, App.Services.GetRequiredService<ReissuePipeline>(), App.Clock);
    private DateTime Now => App.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task GetReissue_SaysWhatToPackAndWhereToSendIt_WithTheFullPhoneForAnErpKey()
    {
        var (_, _, second) = await Data.OrderWithSecondReissueAsync();

        var body = await Json(await _api.GetAsync($"/api/v1/reissues/{second}"), HttpStatusCode.OK);

        var item = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal("SKU-1", item.GetProperty("sku").GetString());
        Assert.Equal("保温杯", item.GetProperty("name").GetString());
        Assert.Equal(1, item.GetProperty("quantity").GetInt32());
        var address = body.GetProperty("address");
        Assert.Equal("张三", address.GetProperty("name").GetString());
        Assert.Equal("13800001234", address.GetProperty("phone").GetString());
        Assert.Equal("文三路 1 号", address.GetProperty("detail").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("printedAt").ValueKind);
        Assert.StartsWith("BF", body.GetProperty("reissueNo").GetString());

        var list = await Json(await _api.GetAsync("/api/v1/reissues?limit=100"), HttpStatusCode.OK);
        var listed = list.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == second);
        Assert.Equal("13800001234", listed.GetProperty("address").GetProperty("phone").GetString());
        Assert.Equal(1, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void TheResource_MasksThePhone_ForCallersThatDoNotShip()
    {
        var row = new ReissueRow(1, "BF261126000001", "261126-000000000000001", 2, ReissueSource.Manual, ReissueScenario.Intercepted,
            ReissueStatus.AwaitingManualTracking, null, null, null, Now, Now, null, Now, false, null, null, Guid.NewGuid(),
            [new("SKU-1", "保温杯", 1)], new("张三", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 1 号"));

        var resource = ReshipDashboard.Features.Api.ReissuesApi.ReissueResource.From(row, App.Services.GetRequiredService<ReshipDashboard.Domain.Shop.ShopClock>(), fullPhone: false);

        Assert.Equal("138****1234", resource.Address!.Phone);
    }

    [Fact]
    public async Task TrackingUpload_TakesCourierShortNames_AndABlankCourierFromTheNumber()
    {
        var (_, _, a) = await Data.OrderWithSecondReissueAsync();
        var (_, _, b) = await Data.OrderWithSecondReissueAsync();
        var noA = (await Data.LoadAsync(a)).ReissueNo;
        var noB = (await Data.LoadAsync(b)).ReissueNo;
        var zto = "7" + "8" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        var sf = "SF1" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        var csv = $"补发单号,快递公司,物流单号\n{noA},中通,{zto}\n{noB},,{sf}\n";

        var report = await Json(await _api.PostAsync("/api/v1/reissues/tracking-uploads", new StringContent(csv, Encoding.UTF8, "text/csv")), HttpStatusCode.OK);

        Assert.Equal(2, report.GetProperty("applied").GetInt32());
        Assert.Equal("ZTO", (await Data.LoadAsync(a)).Carrier);
        Assert.Equal("SF", (await Data.LoadAsync(b)).Carrier);
    }

    [Fact]
    public async Task AnUnknownCourier_Is400_SuggestingTheClosest()
    {
        var (_, _, second) = await Data.OrderWithSecondReissueAsync();

        var response = await _api.PutAsJsonAsync($"/api/v1/reissues/{second}/tracking", new { carrier = "中通速运", trackingNo = "73123456789012" });

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("中通快递", text);
    }

    [Fact]
    public async Task AReshipRequest_OnAnOrderThatHasNotShipped_Is409()
    {
        var order = await TestData.SaveAsync(App.Db, TestData.NewOrder(Now.AddDays(-3)), Now);
        var response = await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(order.OrderNo));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("订单尚未发货", text);
    }

    [Fact]
    public async Task APlatformRulingForTheBuyer_AtTheReissueLimit_IsCarriedOut_AndAuditedAsSuch()
    {
        var orderNo = await TestData.CreateOrderAsync(App.Db, Now);
        var created = await Json(await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo)), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await Json(await _api.PostAsync($"/api/v1/reship-requests/{id}/escalate", null), HttpStatusCode.OK);
        // While the platform reviews it, ten earlier requests of the order are approved (as the domain allows).
        await TestData.AddReissuesAsync(App.Db, orderNo, Now, 10);

        var decided = await Json(await _api.PostAsJsonAsync($"/api/v1/platform/reship-requests/{id}/decision", new { outcome = "buyer" }), HttpStatusCode.OK);

        Assert.Equal("approved", decided.GetProperty("status").GetString());
        Assert.True(decided.GetProperty("reissueId").GetInt32() > 0);
        await using var check = await App.Db.CreateDbContextAsync();
        var audit = await check.AuditEntries.SingleAsync(a => a.EntityId == id && a.Action == "platform_decided");
        Assert.Contains("按平台裁决仍补发", audit.Note);
        Assert.Equal(11, await check.Reissues.CountAsync(r => r.Order.OrderNo == orderNo));
    }

    [Fact]
    public async Task AnOrderNumberTypedWithAnEnDash_FindsTheOrder()
    {
        var orderNo = await TestData.CreateOrderAsync(App.Db, Now);

        var response = await _api.GetAsync($"/api/v1/orders/{orderNo.Replace('-', '–')}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheOrder_BecomesDelivered_WhenTheReissueThatReplacedItsParcelIsDelivered()
    {
        var (orderNo, _, second) = await Data.OrderWithSecondReissueAsync();
        var number = "78" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        await Json(await _api.PutAsJsonAsync($"/api/v1/reissues/{second}/tracking", new { carrier = "中通", trackingNo = number }), HttpStatusCode.OK);

        await Json(await _api.PostAsJsonAsync("/api/v1/shipments/events", new { carrier = "zto", trackingNo = number, @event = "delivered" }), HttpStatusCode.OK);

        var order = await Json(await _api.GetAsync($"/api/v1/orders/{orderNo}"), HttpStatusCode.OK);
        Assert.Equal("delivered", order.GetProperty("status").GetString());
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

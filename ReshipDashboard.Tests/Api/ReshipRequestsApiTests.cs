using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Api;

public sealed class ReshipApiApp : IAsyncLifetime
{
    // One app for the class: its e-waybill service answers only a day after it is asked, so a reissue an approval
    // creates waits for its number however far a test moves the shared clock.
    public TestApp App { get; } = new(settings: new Dictionary<string, string?> { ["Waybill:DelayMilliseconds"] = "86400000" });

    public Task InitializeAsync()
    {
        _ = App.Server.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class ReshipRequestsApiTests(ReshipApiApp fixture) : IClassFixture<ReshipApiApp>
{
    private TestApp App => fixture.App;
    private readonly HttpClient _api = fixture.App.CreateApiClient();
    private DateTime Now => App.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Submit_CreatesPendingRequestWithWholeOrderAndOpensReshipAfterSale()
    {
        var orderNo = await TestData.CreateOrderAsync(App.Db, Now);
        var response = await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("revision").GetInt32());
        Assert.Equal(orderNo, body.GetProperty("orderNo").GetString());
        Assert.Equal(2, body.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        var dueAt = body.GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromHours(8), dueAt.Offset);
        Assert.Equal(App.Clock.GetUtcNow().AddHours(48), dueAt);
        Assert.Contains(body.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "submitted");

        await using var db = await App.Db.CreateDbContextAsync();
        var afterSale = await db.AfterSales.SingleAsync(a => a.Id == body.GetProperty("afterSaleId").GetInt32());
        Assert.Equal(AfterSaleType.Reship, afterSale.Type);
        Assert.Equal(AfterSaleStatus.Open, afterSale.Status);
    }

    [Fact]
    public async Task Submit_WithTheSameIdempotencyKey_ReplaysTheFirstResponse_AndCreatesOneRequest()
    {
        var orderNo = await TestData.CreateOrderAsync(App.Db, Now);
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reship-requests") { Content = JsonContent.Create(TestData.Body(orderNo)) };
            request.Headers.Add("Idempotency-Key", $"submit-{orderNo}");
            return await _api.SendAsync(request);
        }

        var first = await Send();
        var second = await Send();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.Equal(1, await db.ReshipRequests.CountAsync(r => r.Order.OrderNo == orderNo));
    }

    [Fact]
    public async Task Submit_SecondOpenRequestOnTheOrder_Is409()
    {
        var orderNo = await TestData.CreateOrderAsync(App.Db, Now);
        (await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo))).EnsureSuccessStatusCode();
        var second = await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo));
        await AssertProblem(second, HttpStatusCode.Conflict, "待商家处理");
    }

    [Fact]
    public async Task Submit_ErrorsComeInTheContractOrder()
    {
        var unknownOrder = "261126-999999999999999";
        // wrong on its own (400) before unknown order (404)
        await AssertProblem(await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(unknownOrder, reason: "bored")), HttpStatusCode.BadRequest, "reason");
        await AssertProblem(await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(unknownOrder, description: new string('长', 501))), HttpStatusCode.BadRequest, "description");
        await AssertProblem(await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(unknownOrder, items: new[] { new { sku = "NO-SUCH-SKU", quantity = 1 } })), HttpStatusCode.BadRequest, "items");
        await AssertProblem(await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body("not-an-order")), HttpStatusCode.BadRequest, "orderNo");
        await AssertProblem(await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(unknownOrder)), HttpStatusCode.NotFound, null);
        // a value that breaks a stored fact (400) on a known order
        var orderNo = await TestData.CreateOrderAsync(App.Db, Now);
        await AssertProblem(await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo, items: new[] { new { sku = TestData.Sku, quantity = 3 } })), HttpStatusCode.BadRequest, "items");
        // malformed JSON
        var malformed = await _api.PostAsync("/api/v1/reship-requests", new StringContent("{\"orderNo\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Calls_WithoutOrWithUnknownKey_Are401_AndHugeBodies413()
    {
        var anonymous = App.CreateApiClient(apiKey: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/reship-requests")).StatusCode);
        var unknown = App.CreateApiClient(apiKey: "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body("261126-999999999999999"))).StatusCode);
        var huge = await _api.PostAsync("/api/v1/reship-requests",
            new StringContent("{\"description\":\"" + new string('x', 1_100_000) + "\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownRequest_Is404()
    {
        await AssertProblem(await _api.GetAsync("/api/v1/reship-requests/999999"), HttpStatusCode.NotFound, null);
        await AssertProblem(await _api.PostAsync("/api/v1/merchant/reship-requests/999999/approve", null), HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task Modify_RaisesRevisionKeepsEarlierVersionAndRestartsTheAnswerTime()
    {
        var (id, orderNo) = await SubmitAsync();
        App.Clock.Advance(TimeSpan.FromHours(5));
        var response = await _api.PutAsJsonAsync($"/api/v1/reship-requests/{id}", TestData.Body(orderNo, reason: "missing_item", description: "少了一盒",
            items: new[] { new { sku = TestData.Sku, quantity = 1 } }));
        var body = await Json(response, HttpStatusCode.OK);
        Assert.Equal(2, body.GetProperty("revision").GetInt32());
        Assert.Equal("missing_item", body.GetProperty("reason").GetString());
        Assert.Equal(App.Clock.GetUtcNow().AddHours(48), body.GetProperty("dueAt").GetDateTimeOffset());
        var revisions = body.GetProperty("revisions");
        Assert.Equal(2, revisions.GetArrayLength());
        Assert.Equal("收到时外箱破损", revisions[0].GetProperty("description").GetString());
        Assert.Equal(body.ToString(), (await Json(await _api.GetAsync($"/api/v1/reship-requests/{id}"))).ToString());
    }

    [Fact]
    public async Task Modify_AfterTheMerchantActed_Is409NamingTheStatus()
    {
        var (id, orderNo) = await SubmitAsync();
        (await _api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null)).EnsureSuccessStatusCode();
        await AssertProblem(await _api.PutAsJsonAsync($"/api/v1/reship-requests/{id}", TestData.Body(orderNo)), HttpStatusCode.Conflict, "已同意待发货");
    }

    [Fact]
    public async Task Withdraw_EndsTheRequestAndClosesTheAfterSaleInTheFeed()
    {
        var (id, _) = await SubmitAsync();
        var body = await Json(await _api.PostAsync($"/api/v1/reship-requests/{id}/withdraw", null), HttpStatusCode.OK);
        Assert.Equal("withdrawn", body.GetProperty("status").GetString());
        await AssertAfterSaleClosedAsync(body.GetProperty("afterSaleId").GetInt32());
        await AssertProblem(await _api.PostAsync($"/api/v1/reship-requests/{id}/withdraw", null), HttpStatusCode.Conflict, "已撤销");
    }

    [Fact]
    public async Task Escalate_ThenPlatformRulesForBuyer_ApprovesWithALinkedReissue()
    {
        var (id, _) = await SubmitAsync();
        var escalated = await Json(await _api.PostAsJsonAsync($"/api/v1/reship-requests/{id}/escalate", new { note = "商家一直不处理" }), HttpStatusCode.OK);
        Assert.Equal("platform_review", escalated.GetProperty("status").GetString());
        await AssertProblem(await _api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null), HttpStatusCode.Conflict, "平台介入中");
        await AssertProblem(await _api.PostAsJsonAsync($"/api/v1/merchant/reship-requests/{id}/reject", new { reasonCode = "other", note = "不同意" }), HttpStatusCode.Conflict, "平台介入中");
        await AssertProblem(await _api.PostAsJsonAsync($"/api/v1/platform/reship-requests/{id}/decision", new { outcome = "nobody" }), HttpStatusCode.BadRequest, "outcome");

        var decided = await Json(await _api.PostAsJsonAsync($"/api/v1/platform/reship-requests/{id}/decision", new { outcome = "buyer", note = "支持买家" }), HttpStatusCode.OK);
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        var reissueId = decided.GetProperty("reissueId").GetInt32();
        await using var db = await App.Db.CreateDbContextAsync();
        var reissue = await db.Reissues.SingleAsync(r => r.Id == reissueId);
        Assert.Equal(ReissueSource.ReshipRequest, reissue.Source);
        Assert.Equal(ReissueScenario.ReshipRequest, reissue.Scenario);
        Assert.Equal(id, reissue.ReshipRequestId);
    }

    [Fact]
    public async Task Escalate_WithoutBody_IsAccepted_AndMerchantRulingCloses()
    {
        var (id, _) = await SubmitAsync();
        Assert.Equal("platform_review", (await Json(await _api.PostAsync($"/api/v1/reship-requests/{id}/escalate", null), HttpStatusCode.OK)).GetProperty("status").GetString());
        var closed = await Json(await _api.PostAsJsonAsync($"/api/v1/platform/reship-requests/{id}/decision", new { outcome = "merchant" }), HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        await AssertAfterSaleClosedAsync(closed.GetProperty("afterSaleId").GetInt32());
        await AssertProblem(await _api.PostAsJsonAsync($"/api/v1/platform/reship-requests/{id}/decision", new { outcome = "buyer" }), HttpStatusCode.Conflict, "已关闭");
    }

    [Fact]
    public async Task Approve_CreatesTheFirstReissueWithAutomaticNumber_AndFeedsTheEvent()
    {
        var (id, _) = await SubmitAsync();
        var body = await Json(await _api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null), HttpStatusCode.OK);
        Assert.Equal("approved", body.GetProperty("status").GetString());
        Assert.Equal("awaiting_tracking", body.GetProperty("reissueStatus").GetString());
        Assert.StartsWith("BF", body.GetProperty("reissueNo").GetString());
        Assert.Contains(body.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "approved" && h.GetProperty("actor").GetString()!.StartsWith("API:"));
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "reship_request.approved" && e.Subject == $"reship_request/{id}"));
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "reissue.created"));
    }

    [Fact]
    public async Task Approve_OrderAlreadyAtTenReissues_Is409AndChangesNothing()
    {
        var (id, orderNo) = await SubmitAsync();
        await TestData.AddReissuesAsync(App.Db, orderNo, Now, 10);
        await AssertProblem(await _api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null), HttpStatusCode.Conflict, "10");
        Assert.Equal("pending", (await Json(await _api.GetAsync($"/api/v1/reship-requests/{id}"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reject_NeedsAKnownReasonAndANote_ThenRejects()
    {
        var (id, _) = await SubmitAsync();
        await AssertProblem(await _api.PostAsJsonAsync($"/api/v1/merchant/reship-requests/{id}/reject", new { reasonCode = "because", note = "x" }), HttpStatusCode.BadRequest, "reasonCode");
        await AssertProblem(await _api.PostAsJsonAsync($"/api/v1/merchant/reship-requests/{id}/reject", new { reasonCode = "other", note = "  " }), HttpStatusCode.BadRequest, "note");
        await AssertProblem(await _api.PostAsJsonAsync("/api/v1/merchant/reship-requests/999999/reject", new { reasonCode = "other" }), HttpStatusCode.BadRequest, "note");
        var body = await Json(await _api.PostAsJsonAsync($"/api/v1/merchant/reship-requests/{id}/reject", new { reasonCode = "no_quality_issue", note = "出库视频显示完好" }), HttpStatusCode.OK);
        Assert.Equal("rejected", body.GetProperty("status").GetString());
        Assert.Equal("no_quality_issue", body.GetProperty("rejection").GetProperty("reasonCode").GetString());
        await AssertProblem(await _api.PostAsJsonAsync($"/api/v1/merchant/reship-requests/{id}/reject", new { reasonCode = "other", note = "再拒一次" }), HttpStatusCode.Conflict, "已拒绝");
    }

    [Fact]
    public async Task ConfirmReceipt_OnlyOnceShipped_CompletesAndClosesTheAfterSale()
    {
        var (id, _) = await SubmitAsync();
        await AssertProblem(await _api.PostAsync($"/api/v1/reship-requests/{id}/confirm-receipt", null), HttpStatusCode.Conflict, "待商家处理");
        var approved = await Json(await _api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null), HttpStatusCode.OK);
        await AssertProblem(await _api.PostAsync($"/api/v1/reship-requests/{id}/confirm-receipt", null), HttpStatusCode.Conflict, "已同意待发货");
        await ShipReissueAsync(App, approved.GetProperty("reissueId").GetInt32());

        var shipped = await Json(await _api.GetAsync($"/api/v1/reship-requests/{id}"));
        Assert.Equal("shipped", shipped.GetProperty("status").GetString());
        Assert.Equal(1, shipped.GetProperty("shipments").GetArrayLength());
        var completed = await Json(await _api.PostAsync($"/api/v1/reship-requests/{id}/confirm-receipt", null), HttpStatusCode.OK);
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        await AssertAfterSaleClosedAsync(completed.GetProperty("afterSaleId").GetInt32());
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "reship_request.completed" && e.Subject == $"reship_request/{id}"));

        // Every event of the request names the request and its order, whichever step raised it.
        var events = await db.OutboxEvents.AsNoTracking().Where(e => e.Subject == $"reship_request/{id}").ToListAsync();
        Assert.Equal(["reship_request.submitted", "reship_request.approved", "reship_request.shipped", "reship_request.completed"],
            events.OrderBy(e => e.Id).Select(e => e.Type));
        foreach (var e in events)
        {
            using var data = JsonDocument.Parse(e.DataJson);
            Assert.Equal(id, data.RootElement.GetProperty("reshipRequestId").GetInt32());
            Assert.Equal(shipped.GetProperty("orderNo").GetString(), data.RootElement.GetProperty("orderNo").GetString());
        }
    }

    [Fact]
    public async Task AfterSaleOfARequest_ShowsItsReissueAndCurrentDescription_AndEveryEventOfAKindCarriesTheKindsFields()
    {
        var (id, orderNo) = await SubmitAsync();
        (await _api.PutAsJsonAsync($"/api/v1/reship-requests/{id}", TestData.Body(orderNo, description: "少了一盒"))).EnsureSuccessStatusCode();
        var approved = await Json(await _api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null), HttpStatusCode.OK);
        var reissueId = approved.GetProperty("reissueId").GetInt32();
        await ShipReissueAsync(App, reissueId);
        (await _api.PostAsync($"/api/v1/reship-requests/{id}/confirm-receipt", null)).EnsureSuccessStatusCode();

        var afterSaleId = approved.GetProperty("afterSaleId").GetInt32();
        var one = await Json(await _api.GetAsync($"/api/v1/after-sales/{afterSaleId}"), HttpStatusCode.OK);
        var listed = (await Json(await _api.GetAsync($"/api/v1/after-sales?orderNo={orderNo}"), HttpStatusCode.OK)).GetProperty("items")[0];
        foreach (var afterSale in new[] { one, listed })
        {
            Assert.Equal(id, afterSale.GetProperty("reshipRequestId").GetInt32());
            Assert.Equal(reissueId, afterSale.GetProperty("reissueId").GetInt32());
            Assert.Equal("少了一盒", afterSale.GetProperty("description").GetString());
        }

        Dictionary<string, string[]> common = new()
        {
            ["reissue"] = ["reissueId", "reissueNo", "orderNo", "status", "reshipRequestId"],
            ["reship_request"] = ["reshipRequestId", "orderNo", "afterSaleId", "status", "revision", "reissueId", "reissueNo"],
            ["after_sale"] = ["afterSaleId", "orderNo", "type", "status", "reshipRequestId"],
        };
        await using var db = await App.Db.CreateDbContextAsync();
        var events = await db.OutboxEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Superset(new HashSet<string> { "after_sale.closed", "reissue.created", "reissue.shipped", "reship_request.approved",
            "reship_request.completed", "reship_request.modified", "reship_request.shipped", "reship_request.submitted" }, events.Select(e => e.Type).ToHashSet());
        foreach (var e in events.Where(e => common.ContainsKey(e.Type.Split('.')[0])))
        {
            using var data = JsonDocument.Parse(e.DataJson);
            Assert.All(common[e.Type.Split('.')[0]], field => Assert.True(data.RootElement.TryGetProperty(field, out _), $"{e.Type} lacks {field}: {e.DataJson}"));
        }
        Assert.All(events.Where(e => e.Subject == $"reship_request/{id}" && e.Type is "reship_request.shipped" or "reship_request.completed"), e =>
            Assert.Contains($"\"reissueId\":{reissueId}", e.DataJson));
    }

    [Fact]
    public async Task List_FiltersAndPagesWithoutGapsOrRepeats()
    {
        var ids = new List<int>();
        string orderNo = "";
        var since = App.Clock.GetUtcNow().AddSeconds(1).ToString("O");
        for (var i = 0; i < 5; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            (var id, orderNo) = await SubmitAsync();
            ids.Add(id);
        }
        var seen = new List<int>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/reship-requests?status=pending&limit=2&updatedSince={Uri.EscapeDataString(since)}" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await Json(await _api.GetAsync(url), HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetInt32()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(ids, seen);

        var byOrder = await Json(await _api.GetAsync($"/api/v1/reship-requests?orderNo={orderNo}"), HttpStatusCode.OK);
        Assert.Equal(ids[^1], Assert.Single(byOrder.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());

        await AssertProblem(await _api.GetAsync("/api/v1/reship-requests?limit=0"), HttpStatusCode.BadRequest, "limit");
        await AssertProblem(await _api.GetAsync("/api/v1/reship-requests?limit=101"), HttpStatusCode.BadRequest, "limit");
        await AssertProblem(await _api.GetAsync("/api/v1/reship-requests?status=waiting"), HttpStatusCode.BadRequest, "status");
        await AssertProblem(await _api.GetAsync("/api/v1/reship-requests?cursor=%%%"), HttpStatusCode.BadRequest, "cursor");
        // NUL cannot be stored or compared in PostgreSQL text: refused by name on both providers.
        await AssertProblem(await _api.GetAsync("/api/v1/reship-requests?orderNo=%00"), HttpStatusCode.BadRequest, "orderNo");
        await AssertProblem(await _api.GetAsync("/api/v1/reship-requests?updatedSince=yesterday"), HttpStatusCode.BadRequest, "updatedSince");
    }

    [Fact]
    public async Task TwentySimultaneousApprovals_ExactlyOneWins_AndOneReissueExists()
    {
        var (id, orderNo) = await SubmitAsync();
        var clients = Enumerable.Range(0, 20).Select(_ => App.CreateApiClient()).ToList();
        using var start = new SemaphoreSlim(0);
        var calls = clients.Select(async c =>
        {
            await start.WaitAsync();
            return await c.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null);
        }).ToList();
        start.Release(20);
        var responses = await Task.WhenAll(calls);

        Assert.True(responses.All(r => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict),
            string.Join(", ", await Task.WhenAll(responses.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}"))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            Assert.Contains("已同意待发货", (await Json(loser)).GetProperty("detail").GetString());
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.Equal(1, await db.Reissues.CountAsync(r => r.Order.OrderNo == orderNo));
        Assert.Equal(1, await db.OutboxEvents.CountAsync(e => e.Type == "reship_request.approved" && e.Subject == $"reship_request/{id}"));
    }

    internal static Task ShipReissueAsync(TestApp app, int reissueId) =>
        HandShipping.ShipAsync(app, reissueId, Courier.ZTO, $"7{(3000000000000L + reissueId):D13}", automatic: true);

    private async Task<(int Id, string OrderNo)> SubmitAsync()
    {
        var orderNo = await TestData.CreateOrderAsync(App.Db, Now);
        var body = await Json(await _api.PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo)), HttpStatusCode.Created);
        return (body.GetProperty("id").GetInt32(), orderNo);
    }

    private async Task AssertAfterSaleClosedAsync(int afterSaleId)
    {
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.Equal(AfterSaleStatus.Closed, (await db.AfterSales.SingleAsync(a => a.Id == afterSaleId)).Status);
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "after_sale.closed" && e.Subject == $"after_sale/{afterSaleId}"));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (expected is { } status) Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A problem+json answer with the status, naming the field (400) or containing the text (detail).</summary>
    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? mentions)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (mentions is not null) Assert.Contains(mentions, text);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Api;

public sealed class AfterSalesApiTests : ApiTestBase
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 20, 0, 0, TimeSpan.FromHours(8));

    // The simulated e-waybill service answers a day later on the app's clock: the tests move the clock by minutes, so an
    // automatic reissue stays awaiting its number and is shipped by hand without racing the dispatcher.
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Waybill:DelayMilliseconds"] = "86400000" };

    private async Task<JsonObject> WithdrawAsync(int id)
    {
        using var response = await Client.PostAsync($"/api/v1/after-sales/{id}/withdraw", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync(response);
    }

    private async Task<int> ReissueCountAsync()
    {
        await using var db = await App.Db.CreateDbContextAsync();
        return await db.Reissues.CountAsync();
    }

    [Fact]
    public async Task Post_Opens_AndAnswersTheWholeAfterSale()
    {
        var orderNo = await CreateOrderAsync();
        using var response = await Client.PostAsJsonAsync("/api/v1/after-sales", new { orderNo, type = "return_refund", reason = "尺码不合适", description = "想换大一号" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ReadAsync(response);
        var id = body["id"]!.GetValue<int>();
        Assert.Equal($"/api/v1/after-sales/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("open", body["status"]!.GetValue<string>());
        Assert.Equal("return_refund", body["type"]!.GetValue<string>());
        Assert.Equal(orderNo, body["orderNo"]!.GetValue<string>());
        var get = await ReadAsync(await Client.GetAsync($"/api/v1/after-sales/{id}"));
        Assert.Equal(body.ToJsonString(), get.ToJsonString());
    }

    [Fact]
    public async Task Post_ReshipType_OpensAnAfterSale_ThatIsWithdrawnLikeAnyOther()
    {
        var orderNo = await CreateOrderAsync();
        using var response = await Client.PostAsJsonAsync("/api/v1/after-sales", new { orderNo, type = "reship", reason = "漏发" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("reship", created["type"]!.GetValue<string>());

        var withdrawn = await WithdrawAsync(created["id"]!.GetValue<int>());
        Assert.Equal("withdrawn", withdrawn["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("c1:-5:1")]
    [InlineData("c1:9999999999999999999:1")]
    [InlineData("c1:3155378975999999999:-1")]
    public async Task List_ACraftedCursorOutOfRange_Is400(string cursorText)
    {
        var cursor = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(cursorText));
        using var response = await Client.GetAsync($"/api/v1/after-sales?cursor={cursor}");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Post_BadValuesAre400_UnknownOrderIs404()
    {
        using var bad = await Client.PostAsJsonAsync("/api/v1/after-sales", new { orderNo = "x", type = "swap", reason = "" });
        using var unknown = await Client.PostAsJsonAsync("/api/v1/after-sales", new { orderNo = "261126-999999999999999", type = "refund_only", reason = "不想要了" });

        var problem = await AssertProblemAsync(bad, HttpStatusCode.BadRequest, "orderNo");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("type"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("reason"));
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_UnknownAfterSale_Is404_AndWithdrawUnknownIs404()
    {
        using var get = await Client.GetAsync("/api/v1/after-sales/999");
        using var withdraw = await Client.PostAsync("/api/v1/after-sales/999/withdraw", null);
        await AssertProblemAsync(get, HttpStatusCode.NotFound);
        await AssertProblemAsync(withdraw, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("intercepted")]
    [InlineData("returned")]
    public async Task Withdraw_WhenLatestParcelWasStopped_CreatesOneAutoReissue(string stop)
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, stop, T0);
        var id = await OpenAfterSaleAsync(orderNo);

        var body = await WithdrawAsync(id);

        Assert.Equal("withdrawn", body["status"]!.GetValue<string>());
        var reissueId = body["reissueId"]!.GetValue<int>();
        await using var db = await App.Db.CreateDbContextAsync();
        var reissue = await db.Reissues.SingleAsync();
        Assert.Equal(reissueId, reissue.Id);
        Assert.Equal(ReissueSource.Auto, reissue.Source);
        Assert.Equal(ReissueScenario.AfterSaleWithdrawn, reissue.Scenario);
        Assert.Equal(ReissueStatus.AwaitingTracking, reissue.Status);
        Assert.Equal(1, reissue.Sequence);
        Assert.Equal(id, reissue.AfterSaleId);
        var feed = await db.OutboxEvents.OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
        Assert.Equal(["after_sale.withdrawn", "reissue.created"], feed.TakeLast(2));
        var order = await GetOrderAsync(orderNo);
        Assert.False(order["needsReissue"]!.GetValue<bool>());
        Assert.Equal("withdrawn", Assert.Single(order["afterSales"]!.AsArray())!["status"]!.GetValue<string>());
        var summary = Assert.Single(order["reissues"]!.AsArray())!;
        Assert.Equal("auto", summary["source"]!.GetValue<string>());
        Assert.Equal("after_sale_withdrawn", summary["scenario"]!.GetValue<string>());
    }

    [Fact]
    public async Task Withdraw_WhenTheLatestParcelIsAStoppedReissue_CreatesTheNextReissue()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted", T0);
        var first = (await WithdrawAsync(await OpenAfterSaleAsync(orderNo)))["reissueId"]!.GetValue<int>();
        var reissueNumber = await ShipReissueAsync(first);
        await CourierEventOkAsync(reissueNumber, "returned", T0.AddHours(1));

        var second = await WithdrawAsync(await OpenAfterSaleAsync(orderNo));

        await using var db = await App.Db.CreateDbContextAsync();
        var reissue = await db.Reissues.SingleAsync(r => r.Id == second["reissueId"]!.GetValue<int>());
        Assert.Equal(2, reissue.Sequence);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, reissue.Status);
        Assert.Equal(ReissueSource.Auto, reissue.Source);
        var order = await GetOrderAsync(orderNo);
        Assert.Equal(["original", "reissue"], order["shipments"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Withdraw_WhenAReissueIsOnItsWayAfterTheStoppedParcel_CreatesNothing()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted", T0);
        var first = (await WithdrawAsync(await OpenAfterSaleAsync(orderNo)))["reissueId"]!.GetValue<int>();
        await ShipReissueAsync(first);

        var second = await WithdrawAsync(await OpenAfterSaleAsync(orderNo));

        Assert.Null(second["reissueId"]?.GetValue<int?>());
        Assert.Equal(1, await ReissueCountAsync());
    }

    /// <summary>Ships a reissue by hand through the shared pipeline; returns the number it carries.</summary>
    private async Task<string> ShipReissueAsync(int reissueId)
    {
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        return await HandShipping.ShipAsync(App, reissueId, Courier.SF, NextSfNumber(), automatic: false);
    }

    [Fact]
    public async Task Withdraw_Twice_AnswersTheSameBody_AndCreatesNothingMore()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted", T0);
        var id = await OpenAfterSaleAsync(orderNo);

        var first = await WithdrawAsync(id);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await WithdrawAsync(id);

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(1, await ReissueCountAsync());
    }

    [Fact]
    public async Task Withdraw_TwoAtOnce_CreateOneReissue()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "returned", T0);
        var id = await OpenAfterSaleAsync(orderNo);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Client.PostAsync($"/api/v1/after-sales/{id}/withdraw", null)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, await ReissueCountAsync());
        foreach (var r in responses) r.Dispose();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("in_transit")]
    [InlineData("delivered")]
    public async Task Withdraw_WhenParcelStillMovingOrDelivered_CreatesNoReissue(string? @event)
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        if (@event is not null) await CourierEventOkAsync(trackingNo, @event, T0);
        var id = await OpenAfterSaleAsync(orderNo);

        var body = await WithdrawAsync(id);

        Assert.Equal("withdrawn", body["status"]!.GetValue<string>());
        Assert.Null(body["reissueId"]?.GetValue<int?>());
        Assert.Equal(0, await ReissueCountAsync());
    }

    [Fact]
    public async Task Withdraw_WhileAReissueAwaitsItsNumber_CreatesNoSecond()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted", T0);
        await WithdrawAsync(await OpenAfterSaleAsync(orderNo));

        var second = await WithdrawAsync(await OpenAfterSaleAsync(orderNo));

        Assert.Null(second["reissueId"]?.GetValue<int?>());
        Assert.Equal(1, await ReissueCountAsync());
    }

    [Fact]
    public async Task Withdraw_OnAnOrderUnshipped_CreatesNothing()
    {
        var orderNo = await CreateOrderAsync();
        var body = await WithdrawAsync(await OpenAfterSaleAsync(orderNo));
        Assert.Null(body["reissueId"]?.GetValue<int?>());
        Assert.Equal(0, await ReissueCountAsync());
    }

    [Fact]
    public async Task Withdraw_AtTheReissueLimit_Succeeds_CreatesNothing_AndFlagsTheOrder()
    {
        var (orderNo, _) = await CreateShippedOrderAsync();
        var lastNumber = await GiveTenShippedReissuesAsync(orderNo);
        await CourierEventOkAsync(lastNumber, "intercepted", T0);
        var id = await OpenAfterSaleAsync(orderNo);

        var body = await WithdrawAsync(id);

        Assert.Equal("withdrawn", body["status"]!.GetValue<string>());
        Assert.Null(body["reissueId"]?.GetValue<int?>());
        Assert.Equal(10, await ReissueCountAsync());
        var order = await GetOrderAsync(orderNo);
        Assert.True(order["reissueLimitFlagged"]!.GetValue<bool>());
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "order.reissue_limit_flagged"));
    }

    [Fact]
    public async Task List_FiltersByOrderStatusAndTime_AndPagesInChangeOrder()
    {
        var first = await CreateOrderAsync();
        var second = await CreateOrderAsync();
        var a = await OpenAfterSaleAsync(first);
        var b = await OpenAfterSaleAsync(second);
        App.Clock.Advance(TimeSpan.FromHours(1));
        var since = App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var c = await OpenAfterSaleAsync(first);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await WithdrawAsync(a);

        var byOrder = await ReadAsync(await Client.GetAsync($"/api/v1/after-sales?orderNo={first}"));
        Assert.Equal([c, a], byOrder["items"]!.AsArray().Select(i => i!["id"]!.GetValue<int>()));
        var withdrawn = await ReadAsync(await Client.GetAsync("/api/v1/after-sales?status=withdrawn"));
        Assert.Equal(a, Assert.Single(withdrawn["items"]!.AsArray())!["id"]!.GetValue<int>());
        var recent = await ReadAsync(await Client.GetAsync($"/api/v1/after-sales?updatedSince={Uri.EscapeDataString(since.ToString("O"))}"));
        Assert.Equal([c, a], recent["items"]!.AsArray().Select(i => i!["id"]!.GetValue<int>()));

        var page1 = await ReadAsync(await Client.GetAsync("/api/v1/after-sales?limit=2"));
        var page2 = await ReadAsync(await Client.GetAsync($"/api/v1/after-sales?limit=2&cursor={page1["nextCursor"]!.GetValue<string>()}"));
        var all = page1["items"]!.AsArray().Concat(page2["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<int>()).ToList();
        Assert.Equal([b, c, a], all);
        Assert.Null(page2["nextCursor"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("status=gone", "status")]
    [InlineData("updatedSince=tomorrow", "updatedSince")]
    [InlineData("limit=0", "limit")]
    public async Task List_WithBadQuery_Is400(string query, string field)
    {
        using var response = await Client.GetAsync($"/api/v1/after-sales?{query}");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    /// <summary>Ten reissues, each shipped by hand, built through the domain; returns the last one's tracking number.</summary>
    private async Task<string> GiveTenShippedReissuesAsync(string orderNo)
    {
        var pipeline = App.Services.GetRequiredService<ReissuePipeline>();
        string last = "";
        for (var i = 0; i < 10; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            await using var db = await App.Db.CreateDbContextAsync();
            var order = await db.Orders.AsSplitQuery().Include(o => o.Items).Include(o => o.Shipments).Include(o => o.Reissues)
                .SingleAsync(o => o.OrderNo == orderNo);
            var reissue = TestData.ApprovedRequestReissue(order, await pipeline.NextNumberAsync(db, pipeline.UtcNow), pipeline.UtcNow);
            await db.SaveChangesAsync();
            last = NextSfNumber();
            reissue.Ship(Courier.SF, last, pipeline.UtcNow, automatic: false);
            await db.SaveChangesAsync();
        }
        return last;
    }
}

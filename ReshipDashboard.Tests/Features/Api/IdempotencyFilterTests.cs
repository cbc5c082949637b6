using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Data;
using ReshipDashboard.Features.Api;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Api;

public sealed class IdempotencyFilterTests : ApiTestBase
{
    private async Task<HttpResponseMessage> PostOrderAsync(string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await Client.SendAsync(request);
    }

    private async Task<int> OrderCountAsync()
    {
        await using var db = await App.Db.CreateDbContextAsync();
        return await db.Orders.CountAsync();
    }

    [Fact]
    public async Task SameKeySameBody_ReplaysFirstResponse_WithoutCreatingAgain()
    {
        var body = OrderBody();
        using var first = await PostOrderAsync("k-1", body);
        using var second = await PostOrderAsync("k-1", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.NotNull(second.Headers.Location);
        Assert.Equal(1, await OrderCountAsync());
    }

    [Fact]
    public async Task SameKeyDifferentBody_Is409()
    {
        using var first = await PostOrderAsync("k-2", OrderBody(quantity: 1));
        using var second = await PostOrderAsync("k-2", OrderBody(quantity: 3));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Equal(1, await OrderCountAsync());
    }

    [Fact]
    public async Task KeysRecord_IsWrittenWithTheOrder_InTheSameSave()
    {
        using var response = await PostOrderAsync("k-3", OrderBody());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = await App.Db.CreateDbContextAsync();
        var record = await db.IdempotencyRecords.SingleAsync();
        Assert.Equal("k-3", record.Key);
        Assert.Equal(response.Headers.Location!.ToString(), record.Location);
        Assert.Equal(await response.Content.ReadAsStringAsync(), record.ResponseBody);
    }

    [Fact]
    public async Task ActionCommittedButItsAnswerWasNeverKept_ReplayAnswersTheCreatedOrder_AndCreatesNothing()
    {
        // What a crash between the commit and the answer leaves: the order and its key's record, without the answer.
        var orderNo = await CreateOrderAsync();
        var bytes = await JsonContent.Create(OrderBody()).ReadAsByteArrayAsync();
        await using (var db = await App.Db.CreateDbContextAsync())
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Scope = "config:config-key-1", Path = "/api/v1/orders", Key = "k-4",
                RequestHash = IdempotencyFilter.Fingerprint("POST", SHA256.HashData(bytes)),
                CreatedAtUtc = App.Clock.GetUtcNow().UtcDateTime, Location = $"/api/v1/orders/{orderNo}",
            });
            await db.SaveChangesAsync();
        }
        using var get = await Client.GetAsync($"/api/v1/orders/{orderNo}");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", "k-4");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/orders/{orderNo}", response.Headers.Location!.ToString());
        Assert.Equal(await get.Content.ReadAsStringAsync(), await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await OrderCountAsync());
        await using var check = await App.Db.CreateDbContextAsync();
        Assert.Equal(201, (await check.IdempotencyRecords.SingleAsync(r => r.Key == "k-4")).StatusCode);
    }

    [Fact]
    public async Task TenAtOnce_WithOneKey_CreateOneOrder_AndAllAnswerTheSame()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(OrderBody());
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", "k-burst");
            using var response = await App.CreateApiClient().SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(10);
        var answers = await Task.WhenAll(calls);

        // Each answer is the order (the first, or a replay of it) or "still running" for a repeat that came meanwhile.
        Assert.All(answers, a => Assert.True(a.Item1 is 201 or 409, $"{a.Item1} {a.Item2}"));
        Assert.Single(answers.Where(a => a.Item1 == 201).Select(a => a.Item2).Distinct());
        Assert.All(answers.Where(a => a.Item1 == 409), a => Assert.Contains("仍在处理中", a.Item2));
        Assert.Equal(1, await OrderCountAsync());
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.Equal(1, await db.IdempotencyRecords.CountAsync());
        using var after = await PostOrderAsync("k-burst", OrderBody());
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(answers.First(a => a.Item1 == 201).Item2, await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RepeatWhileFirstStillRunning_Is409_AndTheKeyIsFreeOnceItEnds()
    {
        var running = App.Services.GetRequiredService<RunningIdempotencyKeys>();
        var hold = await running.TryHoldAsync("config:config-key-1", "/api/v1/orders", "k-running");
        Assert.NotNull(hold);

        using var meanwhile = await PostOrderAsync("k-running", OrderBody());
        var problem = await AssertProblemAsync(meanwhile, HttpStatusCode.Conflict);
        Assert.Contains("仍在处理中", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, await OrderCountAsync());

        await hold.DisposeAsync();
        using var after = await PostOrderAsync("k-running", OrderBody());
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(1, await OrderCountAsync());
    }

    [Fact]
    public async Task ReshipRequestReplay_AfterALostAnswer_HasNoLocation_LikeTheFirstAnswer()
    {
        var orderNo = await TestData.CreateOrderAsync(App.Db, App.Clock.GetUtcNow().UtcDateTime);
        var body = TestData.Body(orderNo);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reship-requests") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", "r-1");
        using var first = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Null(first.Headers.Location);
        await using (var db = await App.Db.CreateDbContextAsync())
        {
            var record = await db.IdempotencyRecords.SingleAsync(r => r.Key == "r-1");
            Assert.StartsWith("/api/v1/reship-requests/", record.Location);
            await db.IdempotencyRecords.Where(r => r.Key == "r-1").ExecuteUpdateAsync(s => s
                .SetProperty(r => r.StatusCode, (int?)null).SetProperty(r => r.ResponseBody, (string?)null));
        }

        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reship-requests") { Content = JsonContent.Create(body) };
        replay.Headers.Add("Idempotency-Key", "r-1");
        using var second = await Client.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Null(second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        await using var check = await App.Db.CreateDbContextAsync();
        Assert.Equal(1, await check.ReshipRequests.CountAsync());
    }

    [Fact]
    public async Task FailedResponse_IsNotRemembered_AndFreesTheKey()
    {
        using var failed = await PostOrderAsync("k-5", OrderBody(sku: "NO-SUCH-SKU"));
        await AssertProblemAsync(failed, HttpStatusCode.BadRequest, "items[0].sku");
        using var again = await PostOrderAsync("k-5", OrderBody());

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        await using var db = await App.Db.CreateDbContextAsync();
        var record = await db.IdempotencyRecords.SingleAsync();
        Assert.Equal(201, record.StatusCode);
    }

    [Fact]
    public async Task SameKey_OnAnotherPath_IsIndependent()
    {
        var orderNo = await CreateOrderAsync();
        using var order = await PostOrderAsync("shared", OrderBody());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/after-sales")
        {
            Content = JsonContent.Create(new { orderNo, type = "refund_only", reason = "不想要了" }),
        };
        request.Headers.Add("Idempotency-Key", "shared");
        using var afterSale = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterSale.StatusCode);
    }

    [Fact]
    public async Task ShipmentPost_ReplayedWithSameKey_ShipsOnce()
    {
        var orderNo = await CreateOrderAsync();
        var body = new { carrier = "SF", trackingNo = NextSfNumber() };
        var answers = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{orderNo}/shipments") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "ship-1");
            using var response = await Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(answers[0], answers[1]);
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.Equal(1, await db.Shipments.CountAsync());
    }

    [Fact]
    public async Task OverlongKey_Is400()
    {
        using var response = await PostOrderAsync(new string('k', 201), OrderBody());
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task NoKey_CreatesEachTime()
    {
        using var first = await Client.PostAsJsonAsync("/api/v1/orders", OrderBody());
        using var second = await Client.PostAsJsonAsync("/api/v1/orders", OrderBody());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, await OrderCountAsync());
    }
}

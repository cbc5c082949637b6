using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Features.Api;

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
    public async Task RepeatWhileFirstStillRunning_Is409()
    {
        var body = OrderBody();
        var json = JsonContent.Create(body);
        var bytes = await json.ReadAsByteArrayAsync();
        await using (var db = await App.Db.CreateDbContextAsync())
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Scope = "config:config-key-1", Path = "/api/v1/orders", Key = "k-3",
                RequestHash = IdempotencyFilter.Fingerprint("POST", SHA256.HashData(bytes)),
                CreatedAtUtc = App.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", "k-3");
        using var response = await Client.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("仍在处理中", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, await OrderCountAsync());
    }

    [Fact]
    public async Task RequestMarkedRunningLongAgo_IsTakenToHaveDied_AndRunsAgain()
    {
        var bytes = await JsonContent.Create(OrderBody()).ReadAsByteArrayAsync();
        await using (var db = await App.Db.CreateDbContextAsync())
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Scope = "config:config-key-1", Path = "/api/v1/orders", Key = "k-4",
                RequestHash = IdempotencyFilter.Fingerprint("POST", SHA256.HashData(bytes)),
                CreatedAtUtc = App.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        }
        App.Clock.Advance(IdempotencyFilter.AbandonedAfter + TimeSpan.FromSeconds(1));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", "k-4");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await OrderCountAsync());
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

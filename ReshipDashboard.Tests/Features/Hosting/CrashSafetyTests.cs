using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Hosting;

/// <summary>
/// The app as a real process on a database of the test's own, killed with SIGKILL in the middle of work and started
/// again on the same database: what was committed is whole, what was not left nothing behind, and every
/// Idempotency-Key answers for exactly one record.
/// </summary>
public sealed class CrashSafetyTests : IAsyncLifetime
{
    private const string Key = "crash-test-key-2026";
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task KilledDuringABurstOfIdempotentCreates_EveryKeyAnswersForExactlyOneOrder_AfterRestart()
    {
        const int Orders = 120;
        var first = new Dictionary<int, (string Body, string? Location)>();
        await using (var app = await StartAsync())
        {
            using var client = Client(app);
            await PutProductAsync(client);
            using var stop = new CancellationTokenSource();
            var answered = 0;
            var killed = false;
            using var gate = new SemaphoreSlim(6);
            var sends = Enumerable.Range(0, Orders).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    using var response = await client.SendAsync(OrderRequest(i), stop.Token);
                    var body = await response.Content.ReadAsStringAsync(stop.Token);
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    lock (first) first[i] = (body, response.Headers.Location?.ToString());
                    Interlocked.Increment(ref answered);
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException
                    && (e is HttpRequestException or OperationCanceledException or IOException || Volatile.Read(ref killed)))
                {
                    // The process died under this request. A connection the kernel had accepted just before can fail
                    // in other ways too (a bare socket error as the client reads the connection's remote end).
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            await Eventually.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref answered) >= 20), "20 orders answered");
            Volatile.Write(ref killed, true);
            await app.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(sends);
        }
        Assert.InRange(first.Count, 20, Orders - 1);

        await using (var again = await StartAsync())
        {
            using var client = Client(again);
            for (var i = 0; i < Orders; i++)
            {
                using var response = await client.SendAsync(OrderRequest(i));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"key {i}: {(int)response.StatusCode} {body}");
                if (first.TryGetValue(i, out var original))
                {
                    Assert.Equal(original.Body, body);
                    Assert.Equal(original.Location, response.Headers.Location?.ToString());
                }
            }
        }

        await using var db = _database.CreateDbContext();
        Assert.Equal(Orders, await db.Orders.CountAsync());
        Assert.Equal(Orders, await db.IdempotencyRecords.CountAsync());
        Assert.Equal(Orders, await db.IdempotencyRecords.Select(r => r.Key).Distinct().CountAsync());
        Assert.Equal(Orders, await db.OutboxEvents.CountAsync(e => e.Type == "order.created"));
    }

    [Fact]
    public async Task KilledDuringATenThousandRowUpload_LeavesNoRowApplied_AndTheSameFileThenAppliesWhole()
    {
        var numbers = await SeedReissuesAsync(10_000);
        var csv = new StringBuilder("补发单号,快递公司,物流单号\r\n");
        for (var i = 0; i < numbers.Count; i++)
            csv.Append(numbers[i]).Append(",中通快递,").Append("73").Append((200_000_000_000L + i).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());

        await using (var app = await StartAsync())
        {
            using var client = Client(app);
            var sent = new TaskCompletionSource();
            using var content = new SignallingContent(bytes, "text/csv", sent);
            var upload = client.PostAsync("/api/v1/reissues/tracking-uploads", content);
            await sent.Task; // the whole file is on its way: the app is reading or applying it
            await app.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => upload);
        }
        await using (var db = _database.CreateDbContext())
        {
            var shipped = await db.Reissues.CountAsync(r => r.Status == ReissueStatus.Shipped && r.Sequence > 1);
            Assert.True(shipped == 0, $"{shipped} of 10,000 rows applied after the kill");
        }

        await using (var again = await StartAsync())
        {
            using var client = Client(again);
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("text/csv");
            using var response = await client.PostAsync("/api/v1/reissues/tracking-uploads", content);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True(response.StatusCode == HttpStatusCode.OK, answer.ToJsonString());
            Assert.Empty(answer["rejected"]!.AsArray());
            Assert.Equal(10_000, answer["applied"]!.GetValue<int>() + answer["unchanged"]!.GetValue<int>());
        }
        await using (var db = _database.CreateDbContext())
        {
            Assert.Equal(10_000, await db.Reissues.CountAsync(r => r.Status == ReissueStatus.Shipped && r.Sequence > 1));
            Assert.Equal(10_000, await db.Shipments.CountAsync(s => s.Kind == ShipmentKind.Reissue && s.TrackingNo.StartsWith("732")));
        }
    }

    private async Task<AppProcess> StartAsync()
    {
        var app = AppProcess.StartBuilt(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
            ["Database__Provider"] = _database.Provider.ToString(),
            ["ConnectionStrings__Default"] = _database.ConnectionString,
            ["Api__Keys__0"] = Key,
        });
        await app.WaitUntilListeningAsync(TimeSpan.FromMinutes(3));
        return app;
    }


    private static HttpClient Client(AppProcess app)
    {
        var client = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }

    private static async Task PutProductAsync(HttpClient client)
    {
        using var response = await client.PutAsJsonAsync("/api/v1/products/SKU-A", new { name = "保温杯 500ml", unitPrice = 1990 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A new order with no number of its own (the app numbers it), so running it twice would make two orders.</summary>
    private static HttpRequestMessage OrderRequest(int i)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new
            {
                buyer = new { name = "张三", phone = "13812345678" },
                address = new { name = "张三", phone = "13812345678", province = "浙江省", city = "杭州市", district = "西湖区", detail = $"文三路 {i + 1} 号" },
                items = new[] { new { sku = "SKU-A", quantity = 1 + (i % 3), unitPrice = 1990 } },
            }),
        };
        request.Headers.Add("Idempotency-Key", $"burst-{i}");
        return request;
    }

    /// <summary>
    /// Reissues waiting for a hand-entered number; returns their numbers. Each order's first reissue has already been
    /// shipped with its automatic number, so the app's e-waybill dispatcher has nothing to do beside the upload.
    /// </summary>
    private static readonly ShopSettings Unlimited = new() { MaxReissuesPerOrder = 100 };

    private async Task<List<string>> SeedReissuesAsync(int count)
    {
        var now = DateTime.UtcNow;
        var date = DateOnly.FromDateTime(now);
        var numbers = new List<string>(count);
        var sequence = 0;
        await using var db = _database.CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var o = 0; numbers.Count < count; o++)
        {
            var order = TestData.NewOrder(now.AddDays(-3), items: TestData.CupAndSleeve);
            order.Ship(Courier.SF, "SF2" + (o + 1).ToString("D12", CultureInfo.InvariantCulture), now.AddDays(-2));
            var reissues = Enumerable.Range(0, 10).Select(_ => TestData.ApprovedRequestReissue(order, ReissueNumber.Format(date, ++sequence), now,
                Unlimited)).ToList();
            reissues[0].Ship(Courier.ZTO, "73" + (300_000_000_000L + o).ToString(CultureInfo.InvariantCulture), now, automatic: true);
            numbers.AddRange(reissues.Skip(1).Select(r => r.ReissueNo).Take(count - numbers.Count));
            db.Orders.Add(order);
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        return numbers;
    }

    /// <summary>A request body that says when the last of it has been handed to the connection.</summary>
    private sealed class SignallingContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _sent;

        public SignallingContent(byte[] bytes, string mediaType, TaskCompletionSource sent)
        {
            (_bytes, _sent) = (bytes, sent);
            Headers.ContentType = new(mediaType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_bytes);
            await stream.FlushAsync();
            _sent.TrySetResult();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}

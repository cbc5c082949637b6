using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Api;

/// <summary>A fresh app per test with an API client and helpers that build data through the API itself.</summary>
public abstract class ApiTestBase : IAsyncLifetime
{
    private int _trackingCounter;

    protected TestApp App { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        App = new TestApp(settings: Settings);
        Client = App.CreateApiClient();
        await PutProductAsync("SKU-A", "保温杯 500ml", 1990);
        await PutProductAsync("SKU-B", "不锈钢饭盒", 4590);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A fresh SF number: SF + a letter or digit + 12 digits.</summary>
    protected string NextSfNumber() => $"SF1{Interlocked.Increment(ref _trackingCounter) + 100000000000L:D12}";

    protected async Task PutProductAsync(string sku, string name, long unitPrice)
    {
        using var response = await Client.PutAsJsonAsync($"/api/v1/products/{sku}", new { name, unitPrice });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    protected static object OrderBody(string? orderNo = null, string sku = "SKU-A", int quantity = 2) => new
    {
        orderNo,
        buyer = new { name = "张三", phone = "13812345678" },
        address = new { name = "张三", phone = "13812345678", province = "浙江省", city = "杭州市", district = "西湖区", detail = "文三路 100 号" },
        items = new[] { new { sku, quantity, unitPrice = 1990 } },
    };

    protected async Task<string> CreateOrderAsync(string? orderNo = null)
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/orders", OrderBody(orderNo));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadAsync(response))["orderNo"]!.GetValue<string>();
    }

    /// <summary>Creates an order and ships it; returns the order number and the SF tracking number.</summary>
    protected async Task<(string OrderNo, string TrackingNo)> CreateShippedOrderAsync()
    {
        var orderNo = await CreateOrderAsync();
        var trackingNo = NextSfNumber();
        using var response = await Client.PostAsJsonAsync($"/api/v1/orders/{orderNo}/shipments", new { carrier = "SF", trackingNo });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (orderNo, trackingNo);
    }

    protected Task<HttpResponseMessage> CourierEventAsync(string trackingNo, string @event, DateTimeOffset? at = null, string carrier = "SF") =>
        Client.PostAsJsonAsync("/api/v1/shipments/events", new { carrier, trackingNo, @event, at });

    protected async Task<JsonObject> CourierEventOkAsync(string trackingNo, string @event, DateTimeOffset? at = null)
    {
        using var response = await CourierEventAsync(trackingNo, @event, at);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync(response);
    }

    protected async Task<int> OpenAfterSaleAsync(string orderNo, string type = "refund_only")
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/after-sales", new { orderNo, type, reason = "不想要了" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadAsync(response))["id"]!.GetValue<int>();
    }

    protected async Task<JsonObject> GetOrderAsync(string orderNo)
    {
        using var response = await Client.GetAsync($"/api/v1/orders/{orderNo}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync(response);
    }

    protected static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts a problem+json answer with the status and, for 400, an `errors` entry for the field.</summary>
    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? errorField = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        if (errorField is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.True(errors is not null && errors.ContainsKey(errorField), $"no errors.{errorField} in {text}");
            Assert.NotEmpty(errors[errorField]!.AsArray());
        }
        return problem;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ReshipDashboard.Tests.Features.Api;

public sealed class ProductsApiTests : ApiTestBase
{
    [Fact]
    public async Task Put_CreatesThenUpdates_AndGetListsIt()
    {
        using var created = await Client.PutAsJsonAsync("/api/v1/products/sku-c", new { name = "竹筷 10 双", unitPrice = 990 });
        using var updated = await Client.PutAsJsonAsync("/api/v1/products/SKU-C", new { name = "竹筷 20 双", unitPrice = 1590 });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var body = await ReadAsync(updated);
        Assert.Equal("SKU-C", body["sku"]!.GetValue<string>());
        Assert.Equal(1590, body["unitPrice"]!.GetValue<long>());
        var list = await ReadAsync(await Client.GetAsync("/api/v1/products"));
        var items = list["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Equal("竹筷 20 双", items.Single(i => i!["sku"]!.GetValue<string>() == "SKU-C")!["name"]!.GetValue<string>());
        Assert.Null(list["nextCursor"]?.GetValue<string>());
    }

    [Fact]
    public async Task Put_WithBadValues_Is400NamingEachField()
    {
        using var response = await Client.PutAsJsonAsync("/api/v1/products/SKU-D", new { name = "", unitPrice = -1 });
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "name");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("unitPrice"));
    }

    [Fact]
    public async Task Get_PagesWithCursor_EachProductOnce()
    {
        for (var i = 0; i < 5; i++) await PutProductAsync($"SKU-P{i}", $"商品 {i}", 100 + i);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await ReadAsync(await Client.GetAsync($"/api/v1/products?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    public async Task Get_WithBadPaging_Is400(string query, string field)
    {
        using var response = await Client.GetAsync($"/api/v1/products?{query}");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Get_DefaultsToTwentyItems()
    {
        for (var i = 0; i < 21; i++) await PutProductAsync($"SKU-Q{i:D2}", $"商品 {i}", 100);
        var page = await ReadAsync(await Client.GetAsync("/api/v1/products"));
        Assert.Equal(20, page["items"]!.AsArray().Count);
        Assert.NotNull(page["nextCursor"]?.GetValue<string>());
        Assert.IsType<JsonObject>(page["items"]![0]);
    }
}

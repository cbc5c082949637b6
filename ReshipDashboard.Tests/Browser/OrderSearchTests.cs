using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class OrderSearchTests(BrowserFixture browser)
{
    [Fact]
    public async Task Merchant_SearchesByTrackingNumber_AndOpensTheOrder()
    {
        await using var db = await browser.App.Db.CreateDbContextAsync();
        var shipment = await db.Shipments.Select(s => new { s.TrackingNo, OrderNo = db.Orders.First(o => o.Id == s.OrderId).OrderNo }).FirstAsync();
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders");

        await page.GetByLabel("订单号 / 物流单号 / 手机号").FillAsync(shipment.TrackingNo.ToLowerInvariant());
        await page.Keyboard.PressAsync("Enter");
        var link = page.GetByRole(AriaRole.Link, new() { Name = shipment.OrderNo });
        await Assertions.Expect(link).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table tbody tr")).ToHaveCountAsync(1);

        await link.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("订单详情");
        await Assertions.Expect(page.Locator($"[data-tracking-no='{shipment.TrackingNo}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync(shipment.OrderNo);
        await BrowserFixture.ScreenshotAsync(page, "order-detail-zh");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task OrdersList_KeepsItsSearchAndPageInTheUrl_ThroughAnOrderAndBack_AndAReload()
    {
        // More than a page of orders under one order-number prefix: a search read page by page (keyset).
        for (var i = 0; i < 25; i++) await TestData.CreateOrderAsync(browser.App.Db, browser.App.Clock.GetUtcNow().UtcDateTime);
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders");
        var links = page.Locator("table tbody tr a");

        await page.Locator("#order-search").FillAsync("261126-5");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=261126-5"));
        var prefix = new Regex("^261126-5");
        await Assertions.Expect(links.First).ToHaveTextAsync(prefix);
        await Assertions.Expect(links.Filter(new() { HasNotTextRegex = prefix })).ToHaveCountAsync(0);
        await Assertions.Expect(links).ToHaveCountAsync(20);
        var firstPage = await links.AllInnerTextsAsync();
        await page.GetByTestId("order-next").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("after="));
        await Assertions.Expect(page.GetByTestId("order-previous")).ToBeEnabledAsync();
        await Assertions.Expect(links.First).ToHaveTextAsync(prefix);
        var secondPage = (await links.AllInnerTextsAsync()).ToArray();
        Assert.Empty(secondPage.Intersect(firstPage));

        await links.Nth(1).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("订单详情");
        await page.GoBackAsync();
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);
        await Assertions.Expect(page.Locator("#order-search")).ToHaveValueAsync("261126-5");
        await Assertions.Expect(links).ToHaveTextAsync(secondPage);
        await Assertions.Expect(page.GetByTestId("order-previous")).ToBeEnabledAsync();

        var shared = page.Url;
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);
        Assert.Equal(shared, page.Url);
        await Assertions.Expect(page.Locator("#order-search")).ToHaveValueAsync("261126-5");
        await Assertions.Expect(links).ToHaveTextAsync(secondPage);

        await page.GetByTestId("order-previous").ClickAsync();
        await Assertions.Expect(links).ToHaveTextAsync(firstPage.ToArray());
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Merchant_SearchesAnUnknownOrder_IsToldSo()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders");

        await page.GetByLabel("订单号 / 物流单号 / 手机号").FillAsync("261126-000000000000001");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("search-empty")).ToContainTextAsync("未找到订单 261126-000000000000001");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task LanguageSwitch_ShowsTheOrdersPageInEnglish_WithLangSet()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));

        await page.Locator("[data-culture='en']").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Warehouse orders");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await page.WaitForSelectorAsync(BrowserFixture.InteractiveMarker);
        await Assertions.Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "orders-en");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task OrderPage_InEnglish_ReadsItsTimelineInEnglish_NamingReissuesByTheirNumbers()
    {
        var orderNo = await TestData.CreateOrderAsync(browser.App.Db, browser.App.Clock.GetUtcNow().UtcDateTime);
        using var api = browser.App.CreateApiClient();
        using var submitted = await api.PostAsync("/api/v1/reship-requests", System.Net.Http.Json.JsonContent.Create(TestData.Body(orderNo)));
        var id = System.Text.Json.JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        using var approved = await api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null);
        var reissueNo = System.Text.Json.JsonDocument.Parse(await approved.Content.ReadAsStringAsync()).RootElement.GetProperty("reissueNo").GetString();
        var page = await browser.NewPageAsync("en");
        await page.GotoAsync($"/warehouse/orders/{orderNo}");

        var timeline = page.GetByTestId("order-timeline");
        await Assertions.Expect(timeline.Locator("li[data-action=created]")).ToContainTextAsync($"Reissue {reissueNo} · Created");
        await Assertions.Expect(timeline.Locator("li[data-action=submitted]")).ToContainTextAsync($"Reship request #{id} · Submitted · → Pending · Rev. 1 · Damaged");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("补发单");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("#0");
        await BrowserFixture.ScreenshotAsync(page, "order-timeline-en");
    }

    [Fact]
    public async Task OrdersPage_CanBeUsedWithTheKeyboardAlone()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/warehouse/orders");

        await page.Locator("#order-search").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("table tbody tr a").First).ToBeVisibleAsync();

        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("document.activeElement?.getAttribute('href') ?? ''");
            if (focused.Contains("warehouse/orders/2", StringComparison.Ordinal)) break;
        }
        var href = await page.EvaluateAsync<string>("document.activeElement?.getAttribute('href') ?? ''");
        Assert.True(href.Contains("warehouse/orders/2", StringComparison.Ordinal), $"Tab reached: {href}");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("订单详情");
    }
}

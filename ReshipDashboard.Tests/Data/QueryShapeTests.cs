using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Home;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

/// <summary>
/// Every hot query keeps its index: each list page (every tab and sort, first and deep page), each count and each
/// lookup is run against a demo shop and its SQL explained by the engine the tests run on (SQLite, or PostgreSQL with
/// sequential scans switched off). None may read Orders, OrderItems, Shipments or ShipmentEvents whole, and on
/// PostgreSQL none may scan Reissues or ReshipRequests sequentially. The timings are the benchmark project's
/// business; these only check the plans.
/// </summary>
public sealed class QueryShapeTests(QueryShapeTests.Shop shop) : IClassFixture<QueryShapeTests.Shop>
{
    /// <summary>One demo shop for every case of the class. They read it; the upload case adds orders of its own, which no other case depends on.</summary>
    public sealed class Shop() : RecordedDemoShop(orders: 600);

    private readonly TestApp _app = shop.App;
    private readonly QueryPlanRecorder _plans = shop.Statements;

    private T Service<T>() where T : notnull => _app.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task AssertNoFullScanAsync(Func<Task> action)
    {
        var statements = await _plans.RecordAsync(action);
        Assert.NotEmpty(statements);
        var problems = statements.SelectMany(s => _plans.FullScans(s.Sql, s.Parameters)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public async Task TheCheck_FindsAWholeReadOfAnUnindexedColumn()
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        var before = DateTime.UtcNow;
        var statements = await _plans.RecordAsync(() => db.Orders.CountAsync(o => o.UpdatedAtUtc < before));
        Assert.Contains(statements.SelectMany(s => _plans.FullScans(s.Sql, s.Parameters)), p => p.Contains("\"Orders\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheRecorder_LeavesOutStatementsSentBesideTheAction()
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        await using var beside = await _app.Db.CreateDbContextAsync();
        var statements = await _plans.RecordAsync(async () =>
        {
            // As a background service would: on a flow of its own, while the action runs.
            Task<int> other;
            using (ExecutionContext.SuppressFlow())
                other = Task.Run(() => beside.Orders.CountAsync(o => o.OrderNo == "besides"));
            await other;
            await db.Shipments.CountAsync(s => s.TrackingNo == "recorded");
        });
        var read = Assert.Single(statements);
        Assert.Contains("\"Shipments\"", read.Sql, StringComparison.Ordinal);
    }

    public static TheoryData<int?, ReissueSort, bool, int> ReissuePages()
    {
        var data = new TheoryData<int?, ReissueSort, bool, int>();
        foreach (var tab in ReissueTabs.Order)
            foreach (var sort in Enum.GetValues<ReissueSort>())
                foreach (var descending in new[] { true, false })
                    foreach (var page in new[] { 0, 1000 })
                        data.Add(tab is { } t ? (int)t : null, sort, descending, page);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReissuePages))]
    public async Task ReissueList_EveryTabSortAndDepth_ReadsAnIndex(int? tab, ReissueSort sort, bool descending, int page) =>
        await AssertNoFullScanAsync(() => Service<ReissueService>().SearchAsync(new ReissueQuery(new ReissueFilter(),
            tab is { } t ? (global::ReshipDashboard.Domain.Reissues.ReissueStatus)t : null, page, 20, sort, descending)));

    [Fact]
    public async Task ReissueTabCounts_ReadAnIndex() =>
        await AssertNoFullScanAsync(() => Service<ReissueService>().CountAsync(new ReissueFilter()));

    public static TheoryData<ReshipStatus, int> ReshipPages()
    {
        var data = new TheoryData<ReshipStatus, int>();
        foreach (var status in Enum.GetValues<ReshipStatus>())
            foreach (var page in new[] { 0, 1000 })
                data.Add(status, page);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReshipPages))]
    public async Task ReshipQueue_EveryTabAndDepth_WithItsCounts_ReadsAnIndex(ReshipStatus status, int page) =>
        await AssertNoFullScanAsync(() => Service<ReshipQueryService>().QueueAsync(new ReshipQueueQuery(status, Page: page)));

    [Fact]
    public async Task HomeCounts_NeverReadTheOrdersTable() =>
        await AssertNoFullScanAsync(() => Service<DashboardService>().GetAsync());

    [Fact]
    public async Task HomeRefresh_ReadsItsChangeStampFromIndexes()
    {
        var shown = await Service<DashboardService>().GetAsync();
        await AssertNoFullScanAsync(() => Service<DashboardService>().RefreshAsync(shown));
    }

    [Fact]
    public async Task ReissueCostReport_ReadsOnlyTallies_AndTheFreightRates()
    {
        var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<global::ReshipDashboard.Features.Shared.CurrentActor>().Actor =
            global::ReshipDashboard.Domain.Common.Actor.System;
        var report = scope.ServiceProvider.GetRequiredService<global::ReshipDashboard.Features.Reports.ReissueCostReportService>();
        var today = DateOnly.FromDateTime(_app.Clock.GetUtcNow().UtcDateTime);

        var statements = await _plans.RecordAsync(() => report.BuildAsync(
            global::ReshipDashboard.Features.Reports.ReportPeriod.Of(global::ReshipDashboard.Features.Reports.PeriodKind.Last30Days, today)));

        // The report reads the tallies and no table of orders, parcels, reissues or requests.
        Assert.Contains(statements, s => s.Sql.Contains("\"Tallies\"", StringComparison.Ordinal));
        string[] baseTables = ["\"Orders\"", "\"OrderItems\"", "\"Shipments\"", "\"ShipmentEvents\"", "\"Reissues\"", "\"ReshipRequests\""];
        Assert.All(statements, s => Assert.DoesNotContain(baseTables, t => s.Sql.Contains(t, StringComparison.Ordinal)));
        Assert.Empty(statements.SelectMany(s => _plans.FullScans(s.Sql, s.Parameters)));
    }

    [Fact]
    public async Task OrderList_FirstNextAndPreviousPages_AndTheNeedsReissueCount_ReadAnIndex()
    {
        var orders = Service<OrderService>();
        var first = await orders.SearchAsync(new OrderQuery());
        var second = await orders.SearchAsync(new OrderQuery(After: first.Last));
        await AssertNoFullScanAsync(async () =>
        {
            await orders.SearchAsync(new OrderQuery());
            await orders.SearchAsync(new OrderQuery(After: first.Last));
            await orders.SearchAsync(new OrderQuery(Before: second.First));
            await orders.SearchAsync(new OrderQuery(NeedsReissueOnly: true));
            await orders.SearchAsync(new OrderQuery(NeedsReissueOnly: true, Page: 1000));
        });
    }

    [Fact]
    public async Task OrderLookups_ByNumberPrefixTrackingAndPhone_ReadAnIndex()
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        var order = await db.Orders.Include(o => o.Buyer).OrderBy(o => o.Id).FirstAsync(o => o.Shipments.Any());
        var tracking = await db.Shipments.Where(s => s.OrderId == order.Id).Select(s => s.TrackingNo).FirstAsync();
        var orders = Service<OrderService>();
        await AssertNoFullScanAsync(async () =>
        {
            await orders.SearchAsync(new OrderQuery(order.OrderNo));
            await orders.SearchAsync(new OrderQuery(order.OrderNo[..9]));
            await orders.SearchAsync(new OrderQuery(tracking));
            await orders.SearchAsync(new OrderQuery(order.Buyer.Phone[^4..]));
            await orders.GetDetailAsync(order.OrderNo);
            await Service<OrderIntakeService>().FindAsync(order.OrderNo);
        });
    }

    [Theory]
    [InlineData("/api/v1/orders")]
    [InlineData("/api/v1/orders?shipmentStatus=intercepted")]
    [InlineData("/api/v1/orders?shipmentStatus=delivered")]
    [InlineData("/api/v1/reissues")]
    [InlineData("/api/v1/reissues?status=awaiting_manual_tracking")]
    [InlineData("/api/v1/reship-requests")]
    [InlineData("/api/v1/reship-requests?status=pending")]
    [InlineData("/api/v1/reship-requests?updatedSince=2026-01-01T00:00:00Z")]
    [InlineData("/api/v1/reship-requests?status=approved&orderNo=260101-000000000000001")]
    [InlineData("/api/v1/after-sales")]
    [InlineData("/api/v1/events")]
    public async Task ApiLists_ReadAnIndex(string path)
    {
        using var client = _app.CreateApiClient();
        await AssertNoFullScanAsync(async () =>
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        });
    }

    [Fact]
    public async Task ApiReshipRequestList_ItsNextPagesReadAnIndex()
    {
        using var client = _app.CreateApiClient();
        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/reship-requests?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);
        await AssertNoFullScanAsync(async () =>
        {
            foreach (var path in new[] { $"/api/v1/reship-requests?limit=2&cursor={cursor}", $"/api/v1/reship-requests?status=pending&updatedSince=2026-01-01T00:00:00Z&cursor={cursor}" })
            {
                using var response = await client.GetAsync(path);
                Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            }
        });
    }

    [Fact]
    public async Task ApiOrderLookup_ReadsAnIndex()
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        var orderNo = await db.Orders.OrderBy(o => o.Id).Select(o => o.OrderNo).FirstAsync();
        using var client = _app.CreateApiClient();
        await AssertNoFullScanAsync(async () =>
        {
            using var response = await client.GetAsync($"/api/v1/orders/{orderNo}");
            Assert.True(response.IsSuccessStatusCode);
        });
    }

    [Fact]
    public async Task TrackingUpload_ItsChecksAndItsTallies_ReadAnIndex()
    {
        // Reissues of approved reship requests replace no parcel: the cost tallies price them by the courier of their
        // orders' original parcels, which the upload's save reads for all the orders at once.
        var now = DateTime.UtcNow;
        var settings = new ShopSettings();
        var numbers = new List<string>();
        await using (var db = await _app.Db.CreateDbContextAsync())
        {
            for (var o = 1; o <= 2; o++)
            {
                var order = new Order($"991231-90000000000000{o}", new Buyer("测试", "13800001234"),
                    new Address("测试", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 100 号"),
                    [new OrderItem("SKU-A", "测试商品", 1, 1000)], now.AddDays(-3), now.AddDays(-3));
                order.Ship(Courier.SF, $"SF123456789012{o}", now.AddDays(-2));
                for (var r = 0; r < 2; r++)
                {
                    numbers.Add(ReissueNumber.Format(new DateOnly(2000, 1, 1), numbers.Count + 1));
                    new ReshipRequest(order, order.OpenAfterSale(AfterSaleType.Reship, "破损", null, now),
                            new ReshipContent(ReshipReason.Damaged, null, order.Address, [new LineItem("SKU-A", "测试商品", 1)]), now, settings)
                        .Approve(now, Actor.System, numbers[^1], settings);
                }
                db.Orders.Add(order);
            }
            await db.SaveChangesAsync();
        }

        var upload = new TrackingUploadService(_app.Db, _app.Services.GetRequiredService<ReissuePipeline>(), TestActors.Owner());
        var rows = numbers.Select((number, i) => new UploadRow(i + 2, number, "中通快递", $"7319876543{i:D4}")).ToList();
        var shipped = 0;
        await AssertNoFullScanAsync(async () => shipped += (await upload.ApplyAsync(rows)).OkCount);
        Assert.Equal(numbers.Count, shipped);
    }

    [Fact]
    public async Task OrderList_KeysetPages_AreTheOffsetPages()
    {
        const int size = 7;
        await using var db = await _app.Db.CreateDbContextAsync();
        var byOffset = await db.Orders.OrderByDescending(o => o.PaidAtUtc).ThenByDescending(o => o.Id)
            .Select(o => o.Id).Take(size * 6).ToListAsync();
        var orders = Service<OrderService>();

        var pages = new List<OrderSearchResult> { await orders.SearchAsync(new OrderQuery(PageSize: size)) };
        for (var i = 1; i < 6; i++) pages.Add(await orders.SearchAsync(new OrderQuery(PageSize: size, After: pages[^1].Last)));
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(byOffset.Skip(i * size).Take(size), pages[i].Page.Items.Select(r => r.Id));
            Assert.Equal(i > 0, pages[i].HasPrevious);
            Assert.True(pages[i].HasNext);
            Assert.False(pages[i].Counted);
        }

        // Back from the sixth page, page by page, to the first: the same rows again, and nothing before the first.
        var back = pages[^1];
        for (var i = 4; i >= 0; i--)
        {
            back = await orders.SearchAsync(new OrderQuery(PageSize: size, Before: back.First));
            Assert.Equal(byOffset.Skip(i * size).Take(size), back.Page.Items.Select(r => r.Id));
        }
        Assert.False(back.HasPrevious);
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.AfterSales.ReshipRequests;

/// <summary>
/// The lists of 补寄申请 (the queue's tabs, a filtered queue, the API's list) read each request's own row and, of its
/// order, buyer and reissue, only what a row shows.
/// </summary>
public sealed class ReshipQueryServiceTests(ReshipQueryServiceTests.Shop shop) : IClassFixture<ReshipQueryServiceTests.Shop>
{
    /// <summary>One demo shop for the class: requests in every status, the approved ones with their reissues.</summary>
    public sealed class Shop() : RecordedDemoShop(orders: 400);

    /// <summary>Columns only the order, the buyer or the reissue has: a list that reads any of them reads those rows whole.</summary>
    private static readonly string[] OtherTablesOnly = ["\"PaidAtUtc\"", "\"NeedsReissue\"", "\"PhoneLast4\"", "\"ReissueNo\"", "\"WaybillError\"", "\"PreferredCarrier\""];

    private ReshipQueryService Queries => shop.App.Services.CreateScope().ServiceProvider.GetRequiredService<ReshipQueryService>();

    public static TheoryData<ReshipStatus> Statuses() => [.. Enum.GetValues<ReshipStatus>()];

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task QueueTab_EachRowShowsItsOrderBuyerAndReissue_AsTheRequestReadInFullDoes(ReshipStatus status)
    {
        var rows = new List<ReshipRequestSummary>();
        for (var page = 0; ; page++)
        {
            var read = await Queries.QueueAsync(new ReshipQueueQuery(status, Page: page, PageSize: 100));
            rows.AddRange(read.Rows);
            if (read.Rows.Count < 100) break;
        }
        await using (var db = await shop.App.Db.CreateDbContextAsync())
        {
            Assert.Equal(await db.ReshipRequests.CountAsync(r => r.Status == status), rows.Count);
            Assert.Equal(await db.ReshipRequests.CountAsync(r => r.Status == status && r.Reissue != null), rows.Count(r => r.ReissueId is not null));
        }
        await AssertAsReadInFullAsync(rows);
    }

    [Fact]
    public async Task ApiList_AndAFilteredQueue_ShowEachRowsOrderBuyerAndReissue_AsTheRequestReadInFullDoes()
    {
        var listed = await Queries.ListAsync(new ReshipListQuery(null, null, null, 100, null));
        await AssertAsReadInFullAsync([.. listed.Items]);
        Assert.Contains(listed.Items, r => r.ReissueId is not null);
        Assert.Contains(listed.Items, r => r.ReissueId is null);

        var approved = listed.Items.First(r => r.ReissueId is not null);
        var filtered = await Queries.QueueAsync(new ReshipQueueQuery(approved.Status, OrderNo: approved.OrderNo));
        Assert.Equal(approved.Id, Assert.Single(filtered.Rows).Id);
        await AssertAsReadInFullAsync(filtered.Rows);
    }

    [Fact]
    public async Task EveryList_ReadsOfTheOrderBuyerAndReissueOnlyWhatARowShows()
    {
        var reads = new List<Func<Task>>
        {
            () => Queries.ListAsync(new ReshipListQuery(ReshipStatus.Pending, null, null, 20, null)),
            () => Queries.QueueAsync(new ReshipQueueQuery(ReshipStatus.Completed, Reason: ReshipReason.Damaged)),
        };
        foreach (var status in Enum.GetValues<ReshipStatus>())
            reads.Add(() => Queries.QueueAsync(new ReshipQueueQuery(status)));

        foreach (var read in reads)
        {
            var statements = await shop.Statements.RecordAsync(read);
            var listStatement = Assert.Single(statements, s => s.Sql.Contains("\"OrderNo\"", StringComparison.Ordinal)).Sql;
            Assert.Contains("\"Name\"", listStatement, StringComparison.Ordinal);
            Assert.All(OtherTablesOnly, column => Assert.DoesNotContain(column, listStatement, StringComparison.Ordinal));
        }
    }

    /// <summary>Each row is the summary of the request read with its whole order, buyer and reissue, field for field.</summary>
    private async Task AssertAsReadInFullAsync(IReadOnlyCollection<ReshipRequestSummary> rows)
    {
        var ids = rows.Select(r => r.Id).ToList();
        await using var db = await shop.App.Db.CreateDbContextAsync();
        var whole = await db.ReshipRequests.AsNoTracking().Include(r => r.Order).ThenInclude(o => o.Buyer).Include(r => r.Reissue)
            .Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id);
        var now = shop.App.Services.GetRequiredService<ShopClock>().UtcNow;
        var settings = shop.App.Services.GetRequiredService<IOptions<ShopSettings>>().Value;
        foreach (var row in rows)
            Assert.Equal(JsonSerializer.Serialize(ReshipQueryService.ToSummary(whole[row.Id], now, settings)), JsonSerializer.Serialize(row));
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ReshipDashboard.Data.Tallies;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Tests.Features.Reports;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Tests.Data.Tallies;

public sealed class TallyCompactionTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Shanghai = new ShopSettings().ResolveTimeZone();
    private KnownShop _shop = null!;
    private ReissueFixtures _fixtures = null!;

    public async Task InitializeAsync()
    {
        _shop = await KnownShop.CreateAsync();
        _fixtures = new ReissueFixtures(_shop.Database, _shop.Time);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    private TallyCompaction Compaction() => new(_shop.Database, _shop.Time, NullLogger<TallyCompaction>.Instance);

    private async Task<int> RowCountAsync()
    {
        await using var db = _shop.Database.CreateDbContext();
        return await db.Tallies.CountAsync();
    }

    private async Task ReissueAnOrderAsync()
    {
        var (orderId, _) = await _fixtures.InterceptedOrderAsync();
        var id = await _fixtures.CreateReissueAsync(orderId);
        await _shop.Reissues().CancelAsync(id, "重复创建");
    }

    [Fact]
    public async Task Folding_LeavesOneRowPerTally_AndEveryTotalAsItWas()
    {
        for (var i = 0; i < 3; i++) await ReissueAnOrderAsync();
        var before = await TallyCheck.StoredAsync(_shop.Database);
        var rowsBefore = await RowCountAsync();

        var folded = await Compaction().CompactAsync();

        Assert.True(folded > 0);
        Assert.Equal(rowsBefore - folded, await RowCountAsync());
        Assert.Equal(before.Count, await RowCountAsync());
        Assert.Equal(before, await TallyCheck.StoredAsync(_shop.Database));
        Assert.Equal(0, await Compaction().CompactAsync());
        await TallyCheck.AssertKeptEqualsRebuiltAsync(_shop.Database, Shanghai);
    }

    [Fact]
    public async Task Folding_RewritesOnlyTheTalliesSavedToSinceTheLastFold()
    {
        for (var i = 0; i < 2; i++) await ReissueAnOrderAsync();
        await Compaction().CompactAsync();
        var settled = await RowsAsync();
        await ReissueAnOrderAsync();
        var touched = (await RowsAsync()).Where(r => r.Id > settled.Max(s => s.Id)).Select(r => r.Address).ToHashSet();
        var before = await TallyCheck.StoredAsync(_shop.Database);

        Assert.True(await Compaction().CompactAsync() > 0);

        var after = await RowsAsync();
        var afterIds = after.Select(r => r.Id).ToHashSet();
        var untouched = settled.Where(r => !touched.Contains(r.Address)).ToList();
        Assert.NotEmpty(touched);
        Assert.NotEmpty(untouched);
        Assert.All(untouched, r => Assert.Contains(r.Id, afterIds));
        Assert.All(settled.Where(r => touched.Contains(r.Address)), r => Assert.DoesNotContain(r.Id, afterIds));
        Assert.Equal(after.Count, after.Select(r => r.Address).Distinct().Count());
        Assert.Equal(before, await TallyCheck.StoredAsync(_shop.Database));
        await TallyCheck.AssertKeptEqualsRebuiltAsync(_shop.Database, Shanghai);
    }

    private async Task<List<(long Id, (string, int?, string, string) Address)>> RowsAsync()
    {
        await using var db = _shop.Database.CreateDbContext();
        return (await db.Tallies.AsNoTracking().ToListAsync()).Select(t => (t.Id, t.ToRow().Address)).ToList();
    }

    [Fact]
    public async Task FoldingWhileOthersWrite_NeitherLosesNorDoublesARow()
    {
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++) await ReissueAnOrderAsync();
        });
        var folds = 0;
        while (!writing.IsCompleted)
        {
            await Compaction().CompactAsync();
            folds++;
            await Task.Yield();
        }
        await writing;
        await Compaction().CompactAsync();

        Assert.True(folds > 0);
        await TallyCheck.AssertKeptEqualsRebuiltAsync(_shop.Database, Shanghai);
    }

    [Fact]
    public async Task AnotherTimeZone_RebuildsTheDayTallies_SoTheReportFollowsItsMidnight()
    {
        await using (var db = _shop.Database.CreateDbContext())
        {
            Assert.True(await TallyBuild.EnsureAsync(db, Shanghai)); // a database without tallies gets them
            Assert.False(await TallyBuild.EnsureAsync(db, Shanghai));
            Assert.True(await TallyBuild.EnsureAsync(db, TimeZoneInfo.Utc));
        }

        var report = await _shop.CostReport().BuildAsync(KnownShop.Period);

        // R1 (15:59:59 UTC) and R2 (16:00 UTC) fall on the 20th in UTC, on the 20th and the 21st in Shanghai; Q1's reissue
        // (02:00 UTC) on the 20th in both.
        const long r1 = 2 * KnownShop.PriceA + 3 * KnownShop.PriceB + KnownShop.SfFreight, r2 = KnownShop.PriceA + 800;
        Assert.Equal(new ReshipDashboard.Features.Reports.CostDay(new DateOnly(2026, 11, 20), 3, r1 + r2 + KnownShop.PriceC + 800), report.Days[0]);
        Assert.Equal(0, report.Days[1].Reissues);
        await TallyCheck.AssertKeptEqualsRebuiltAsync(_shop.Database, TimeZoneInfo.Utc);
    }
}

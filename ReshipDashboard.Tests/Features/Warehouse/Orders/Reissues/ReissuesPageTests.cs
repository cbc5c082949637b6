using Bunit;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

[Trait("Category", "Component")]
public sealed class ReissuesPageTests : MudTestContext
{
    [Fact]
    public async Task TheManualTab_OpensWithTheMostOverdueReissueFirst_NotTheNewest()
    {
        var fixtures = new ReissueFixtures(Database, Clock);
        var (_, _, older) = await fixtures.OrderWithSecondReissueAsync();
        Clock.Advance(TimeSpan.FromHours(3));
        var (_, _, newer) = await fixtures.OrderWithSecondReissueAsync();
        Clock.Advance(TimeSpan.FromHours(50));
        var olderNo = (await fixtures.LoadAsync(older)).ReissueNo;
        var newerNo = (await fixtures.LoadAsync(newer)).ReissueNo;

        RenderProviders();
        var page = Render<ReissuesPage>();

        page.WaitForAssertion(() => Assert.Equal([olderNo, newerNo],
            page.FindAll("[data-testid=reissue-no]").Select(e => e.TextContent.Trim()).ToArray()));
    }

    [Fact]
    public async Task Prerendering_HandsTheTabCountsOn_WithTheirFilter()
    {
        var fixtures = new ReissueFixtures(Database, Clock);
        await fixtures.OrderWithSecondReissueAsync();
        RenderProviders();
        var page = Render<ReissuesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=reissue-no]")));

        PersistentState.TriggerOnPersisting();

        Assert.True(PersistentState.TryTake<ReissuesPage.PrerenderedCounts>(ReissuesPage.PersistKey, out var handed));
        Assert.Equal(new ReissueFilter(), handed!.Filter);
        Assert.Equal(1, handed.ByStatus[ReissueStatus.AwaitingManualTracking]);
    }

    [Fact]
    public void TheInteractiveRender_ShowsTheHandedCounts_WithoutCountingAgain()
    {
        // Counts the empty database cannot give: counting again would show 0.
        PersistentState.Persist(ReissuesPage.PersistKey,
            new ReissuesPage.PrerenderedCounts(new ReissueFilter(), new() { [ReissueStatus.AwaitingManualTracking] = 777 }));
        RenderProviders();

        var page = Render<ReissuesPage>();

        page.WaitForAssertion(() => Assert.Contains("(777)", page.Markup));
    }

    [Fact]
    public void CountsHandedForAnotherFilter_AreCountedAgain()
    {
        PersistentState.Persist(ReissuesPage.PersistKey,
            new ReissuesPage.PrerenderedCounts(new ReissueFilter(OrderNo: "261126-000000000000777"), new() { [ReissueStatus.AwaitingManualTracking] = 777 }));
        RenderProviders();

        var page = Render<ReissuesPage>();

        page.WaitForAssertion(() => Assert.Contains("(0)", page.Markup));
        Assert.DoesNotContain("(777)", page.Markup);
    }
}

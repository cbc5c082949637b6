using Bunit;
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
}

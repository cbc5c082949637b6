using Bunit;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

public sealed class RapidTrackingEntryTests : MudTestContext
{
    [Fact]
    public async Task ScanThenEnter_SavesTheRow_AndMovesTheFocusToTheNext()
    {
        var data = new ReissueFixtures(Database, Clock);
        var (_, _, a) = await data.OrderWithSecondReissueAsync();
        var (_, _, b) = await data.OrderWithSecondReissueAsync();
        RenderProviders();
        var entry = Render<RapidTrackingEntry>();
        entry.WaitForAssertion(() => Assert.Equal(2, entry.FindAll("[data-testid=rapid-row]").Count));
        var focusBefore = JSInterop.Invocations.Count(i => i.Identifier.Contains("focus", StringComparison.OrdinalIgnoreCase));

        entry.FindAll("input.rapid-input")[0].Input("73123456780001");
        await entry.FindAll("input.rapid-input")[0].KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        entry.WaitForAssertion(() => Assert.Contains("已发货", entry.FindAll("[data-testid=rapid-row]")[0].TextContent));
        var statuses = new[] { (await data.LoadAsync(a)).Status, (await data.LoadAsync(b)).Status };
        Assert.Single(statuses, s => s == ReissueStatus.Shipped);
        Assert.Single(statuses, s => s == ReissueStatus.AwaitingManualTracking);
        Assert.True(JSInterop.Invocations.Count(i => i.Identifier.Contains("focus", StringComparison.OrdinalIgnoreCase)) > focusBefore);
    }

    [Fact]
    public async Task ABadNumber_StaysOnItsRow_WithTheReason()
    {
        var data = new ReissueFixtures(Database, Clock);
        var (_, _, a) = await data.OrderWithSecondReissueAsync();
        RenderProviders();
        var entry = Render<RapidTrackingEntry>();
        entry.WaitForAssertion(() => Assert.Single(entry.FindAll("[data-testid=rapid-row]")));

        entry.Find("input.rapid-input").Input("12AB");
        await entry.Find("input.rapid-input").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        entry.WaitForAssertion(() => Assert.Contains("请选择快递公司", entry.Find("[data-testid=rapid-row]").TextContent));
        Assert.Equal(ReissueStatus.AwaitingManualTracking, (await data.LoadAsync(a)).Status);
    }
}

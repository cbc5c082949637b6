using Bunit;
using Microsoft.AspNetCore.Components.Web;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

[Trait("Category", "Component")]
public sealed class RapidTrackingEntryTests : MudTestContext
{
    private static readonly KeyboardEventArgs Enter = new() { Key = "Enter" };

    private int FocusCalls => JSInterop.Invocations.Count(i => i.Identifier.Contains("focus", StringComparison.OrdinalIgnoreCase));

    // The first selection imports the scan module; bUnit records the import (and, where it tracks modules, the call).
    private int SelectCalls => JSInterop.Invocations.Count(i => i.Identifier is "selectText" or "import");

    [Fact]
    public async Task ScanThenEnter_SavesTheRow_ListsItUnderRecentlySaved_AndMovesTheFocusToTheNext()
    {
        var data = new ReissueFixtures(Database, Clock);
        var (_, _, a) = await data.OrderWithSecondReissueAsync();
        var (_, _, b) = await data.OrderWithSecondReissueAsync();
        RenderProviders();
        var entry = Render<RapidTrackingEntry>();
        entry.WaitForAssertion(() => Assert.Equal(2, entry.FindAll("[data-testid=rapid-row]").Count));
        var focusBefore = FocusCalls;

        entry.FindAll("tr input.rapid-input")[1].Input("73123456780001");
        await entry.FindAll("tr input.rapid-input")[1].KeyDownAsync(Enter);

        entry.WaitForAssertion(() => Assert.Single(entry.FindAll("[data-testid=rapid-row]")));
        Assert.Contains("73123456780001", entry.Find("[data-testid=recent-entry]").TextContent);
        Assert.Contains("已发货", entry.Find("[data-testid=recent-entry]").TextContent);
        var statuses = new[] { (await data.LoadAsync(a)).Status, (await data.LoadAsync(b)).Status };
        Assert.Single(statuses, s => s == ReissueStatus.Shipped);
        Assert.Single(statuses, s => s == ReissueStatus.AwaitingManualTracking);
        Assert.True(FocusCalls > focusBefore);
    }

    [Fact]
    public async Task ATooShortNumber_SaysWhatIsWrong_AndSelectsItForTheNextScan()
    {
        var data = new ReissueFixtures(Database, Clock);
        var (_, _, a) = await data.OrderWithSecondReissueAsync();
        RenderProviders();
        var entry = Render<RapidTrackingEntry>();
        entry.WaitForAssertion(() => Assert.Single(entry.FindAll("[data-testid=rapid-row]")));
        var selectsBefore = SelectCalls;

        entry.Find("tr input.rapid-input").Input("12345");
        await entry.Find("tr input.rapid-input").KeyDownAsync(Enter);

        entry.WaitForAssertion(() => Assert.Contains("太短", entry.Find("[data-testid=rapid-row]").TextContent));
        Assert.DoesNotContain("请选择快递公司", entry.Find("[data-testid=rapid-row]").TextContent);
        entry.WaitForAssertion(() => Assert.True(SelectCalls > selectsBefore));
        Assert.Equal(ReissueStatus.AwaitingManualTracking, (await data.LoadAsync(a)).Status);
    }

    [Fact]
    public async Task ScanningASlip_JumpsToItsReissue_ThenTheWaybillScanSavesIt()
    {
        var data = new ReissueFixtures(Database, Clock);
        await data.OrderWithSecondReissueAsync();
        var (_, _, b) = await data.OrderWithSecondReissueAsync();
        var reissueNo = (await data.LoadAsync(b)).ReissueNo;
        RenderProviders();
        var entry = Render<RapidTrackingEntry>();
        entry.WaitForAssertion(() => Assert.Equal(2, entry.FindAll("[data-testid=rapid-row]").Count));

        entry.Find("[data-testid=scan-slip]").Input(reissueNo.ToLowerInvariant());
        await entry.Find("[data-testid=scan-slip]").KeyDownAsync(Enter);

        entry.WaitForAssertion(() => Assert.Equal(reissueNo, entry.Find("tr.rapid-active").GetAttribute("data-reissue-no")));
        Assert.Contains(reissueNo, entry.Find("[data-testid=scan-message]").TextContent);
        var input = entry.Find("tr.rapid-active input.rapid-input");
        input.Input("SF1234567890555");
        await entry.Find("tr.rapid-active input.rapid-input").KeyDownAsync(Enter);

        entry.WaitForAssertion(() => Assert.Equal(ReissueStatus.Shipped, data.LoadAsync(b).GetAwaiter().GetResult().Status));
        Assert.Equal("SF", (await data.LoadAsync(b)).Carrier);
    }

    [Fact]
    public async Task AnUnknownCode_SaysNoSuchReissue_AndKeepsTheScanBoxReady()
    {
        var data = new ReissueFixtures(Database, Clock);
        await data.OrderWithSecondReissueAsync();
        RenderProviders();
        var entry = Render<RapidTrackingEntry>();
        entry.WaitForAssertion(() => Assert.Single(entry.FindAll("[data-testid=rapid-row]")));
        var selectsBefore = SelectCalls;

        entry.Find("[data-testid=scan-slip]").Input("BF999999999999");
        await entry.Find("[data-testid=scan-slip]").KeyDownAsync(Enter);

        entry.WaitForAssertion(() => Assert.Contains("未找到补发单 BF999999999999", entry.Find("[data-testid=scan-message]").TextContent));
        Assert.Empty(entry.FindAll("tr.rapid-active"));
        entry.WaitForAssertion(() => Assert.True(SelectCalls > selectsBefore));
    }

    [Fact]
    public async Task UndoTheLastSaved_PutsTheReissueBackInTheList()
    {
        var data = new ReissueFixtures(Database, Clock);
        var (_, _, a) = await data.OrderWithSecondReissueAsync();
        RenderProviders();
        var entry = Render<RapidTrackingEntry>();
        entry.WaitForAssertion(() => Assert.Single(entry.FindAll("[data-testid=rapid-row]")));
        entry.Find("tr input.rapid-input").Input("73123456780002");
        await entry.Find("tr input.rapid-input").KeyDownAsync(Enter);
        entry.WaitForAssertion(() => Assert.Single(entry.FindAll("[data-testid=recent-entry]")));

        await entry.Find("[data-testid=undo-last]").ClickAsync(new MouseEventArgs());

        entry.WaitForAssertion(() => Assert.Single(entry.FindAll("[data-testid=rapid-row]")));
        Assert.Empty(entry.FindAll("[data-testid=recent-entry]"));
        Assert.Equal(ReissueStatus.AwaitingManualTracking, (await data.LoadAsync(a)).Status);
    }
}

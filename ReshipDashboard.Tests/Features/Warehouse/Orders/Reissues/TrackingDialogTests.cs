using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

[Trait("Category", "Component")]
public sealed class TrackingDialogTests : MudTestContext
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog, int Id)> OpenAsync(
        Func<ReissueRow, ReissueRow>? adjust = null, bool correcting = false)
    {
        var data = new ReissueFixtures(Database, Clock);
        var (_, first, second) = await data.OrderWithSecondReissueAsync();
        var id = correcting ? first : second;
        var row = (await Services.GetRequiredService<ReissueService>().GetRowAsync(id))!;
        if (adjust is not null) row = adjust(row);
        RenderProviders();
        var provider = Render<MudDialogProvider>();
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await Services.GetRequiredService<IDialogService>().ShowAsync<TrackingDialog>(
            "填写物流单号", new DialogParameters<TrackingDialog> { { d => d.Row, row }, { d => d.Correcting, correcting } }));
        return (provider, dialog!, id);
    }

    [Fact]
    public async Task ANumberInAnotherCouriersFormat_ShowsTheSuggestion_AndSavesNothing()
    {
        var (provider, _, id) = await OpenAsync(r => r with { PreferredCarrier = "SF" });

        provider.Find("#tracking-number").Input("73123456789012");
        await provider.Find("form#tracking-form").SubmitAsync();

        provider.WaitForAssertion(() => Assert.Contains("这看起来是中通快递的单号", provider.Markup));
        var stored = await new ReissueFixtures(Database, Clock).LoadAsync(id);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, stored.Status);
    }

    [Fact]
    public async Task AScannedNumber_WithNoCourierChosen_IsSavedUnderTheCourierItsFormatNames()
    {
        var (provider, dialog, id) = await OpenAsync();

        provider.Find("#tracking-number").Input("７３１２３４５６７８９０９９");
        await provider.Find("form#tracking-form").SubmitAsync();

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.True(Assert.IsType<TrackingOutcome>(result.Data).Changed);
        var stored = await new ReissueFixtures(Database, Clock).LoadAsync(id);
        Assert.Equal(ReissueStatus.Shipped, stored.Status);
        Assert.Equal(("ZTO", "73123456789099"), (stored.Carrier, stored.TrackingNo));
    }

    [Fact]
    public async Task Correcting_WithoutAReason_AsksForOne()
    {
        var (provider, _, id) = await OpenAsync(correcting: true);
        var before = await new ReissueFixtures(Database, Clock).LoadAsync(id);

        provider.Find("#tracking-number").Input("SF1000000000009");
        await provider.Find("form#tracking-form").SubmitAsync();

        provider.WaitForAssertion(() => Assert.Contains("更正物流单号须填写原因", provider.Markup));
        Assert.Equal(before.TrackingNo, (await new ReissueFixtures(Database, Clock).LoadAsync(id)).TrackingNo);
    }
}

using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

[Trait("Category", "Component")]
public sealed class CancelReissueDialogTests : MudTestContext
{
    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        RenderProviders();
        var provider = Render<MudDialogProvider>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var row = new ReissueRow(1, "BF261126000001", "261126-123456789012345", 2, ReissueSource.Manual, ReissueScenario.Intercepted,
            ReissueStatus.AwaitingManualTracking, null, null, null, now, now.AddHours(48), null, now, false, null, null, Guid.NewGuid());
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CancelReissueDialog>("取消补发单",
            new DialogParameters<CancelReissueDialog> { { d => d.Row, row } }));
        return provider;
    }

    [Fact]
    public async Task LeavingTheReasonUntouched_ShowsNoMessage()
    {
        var provider = await OpenAsync();

        provider.Find("#cancel-reason").Blur();

        provider.WaitForAssertion(() => Assert.Single(provider.FindAll("#cancel-reason")));
        Assert.DoesNotContain("Required", provider.Markup);
        Assert.DoesNotContain("请填写取消原因", provider.Markup);
    }

    [Fact]
    public async Task AWhitespaceReason_IsRefusedInChinese_NeverWithEnglishRequired()
    {
        var provider = await OpenAsync();

        provider.Find("#cancel-reason").Input("   ");
        provider.Find("#cancel-reason").Blur();
        await provider.Find("form#cancel-form").SubmitAsync();

        provider.WaitForAssertion(() => Assert.Contains("请填写取消原因", provider.Markup));
        Assert.DoesNotContain("Required", provider.Markup);
    }
}

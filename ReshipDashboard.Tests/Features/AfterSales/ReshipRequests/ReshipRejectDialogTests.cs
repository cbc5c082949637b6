using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.AfterSales.ReshipRequests;

[Trait("Category", "Component")]
public sealed class ReshipRejectDialogTests : MudTestContext
{
    [Fact]
    public async Task Reject_NeedsAReasonAndANote_ThenRejectsTheRequest()
    {
        var id = await SubmitAsync();
        var provider = Render<MudDialogProvider>();
        RenderProviders();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<ReshipRejectDialog>("拒绝补寄申请",
            new DialogParameters<ReshipRejectDialog> { { d => d.RequestId, id }, { d => d.OrderNo, "x" } }));

        provider.Find("[data-testid=reject-submit]").Click();
        provider.WaitForAssertion(() =>
        {
            Assert.Contains("请选择拒绝原因", provider.Markup);
            Assert.Contains("请填写拒绝说明", provider.Markup);
        });
        Assert.Equal(ReshipStatus.Pending, await StatusAsync(id));

        provider.Find("#reject-note").Input("出库视频显示商品完好");
        provider.Find("[data-testid=reject-submit]").Click();
        provider.WaitForAssertion(() => Assert.Contains("请选择拒绝原因", provider.Markup));
        Assert.Equal(ReshipStatus.Pending, await StatusAsync(id));

        var radios = provider.FindAll("input[type=radio]");
        Assert.Equal(Enum.GetValues<RejectionReason>().Length, radios.Count);
        radios[(int)RejectionReason.NoQualityIssue].Click();
        provider.Find("[data-testid=reject-submit]").Click();

        var result = await reference!.Result;
        Assert.False(result!.Canceled);
        await using var db = Database.CreateDbContext();
        var request = await db.ReshipRequests.SingleAsync(r => r.Id == id);
        Assert.Equal(ReshipStatus.Rejected, request.Status);
        Assert.Equal(RejectionReason.NoQualityIssue, request.RejectionReason);
        Assert.Equal("出库视频显示商品完好", request.RejectionNote);
    }

    [Fact]
    public async Task Reject_AfterSomeoneElseApproved_ClosesTheDialog_SayingSo_AndRejectsNothing()
    {
        var id = await SubmitAsync();
        Guid version;
        await using (var db = Database.CreateDbContext()) version = await db.ReshipRequests.Where(r => r.Id == id).Select(r => r.Version).SingleAsync();
        var provider = Render<MudDialogProvider>();
        RenderProviders();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await Services.GetRequiredService<IDialogService>().ShowAsync<ReshipRejectDialog>("拒绝补寄申请",
            new DialogParameters<ReshipRejectDialog> { { d => d.RequestId, id }, { d => d.OrderNo, "x" }, { d => d.Version, version } }));
        await Services.GetRequiredService<ReshipDecisionService>().ApproveAsync(id);

        provider.FindAll("input[type=radio]")[(int)RejectionReason.NoQualityIssue].Click();
        provider.Find("#reject-note").Input("出库视频显示商品完好");
        provider.Find("[data-testid=reject-submit]").Click();

        var result = await reference!.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result!.Canceled);
        Assert.Equal(ReshipRejectDialog.Outcome.HandledElsewhere, result.Data);
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=reject-submit]")));
        Assert.Equal(ReshipStatus.Approved, await StatusAsync(id));
    }

    private async Task<int> SubmitAsync()
    {
        var orderNo = await TestData.CreateOrderAsync(Database, Clock.GetUtcNow().UtcDateTime);
        return await AsApiKey<ReshipPlatformService>().SubmitAsync(new ReshipInput(orderNo, ReshipReason.Damaged, "外箱破损", TestData.Address, null));
    }

    private async Task<ReshipStatus> StatusAsync(int id)
    {
        await using var db = Database.CreateDbContext();
        return await db.ReshipRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync();
    }
}

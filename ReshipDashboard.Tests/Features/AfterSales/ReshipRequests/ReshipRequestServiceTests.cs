using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.AfterSales.ReshipRequests;

public sealed class ReshipRequestServiceTests : MudTestContext
{
    private ReshipRequestService Service => Services.GetRequiredService<ReshipRequestService>();

    [Fact]
    public async Task Queue_CountsEveryStatus_SortsPendingByDeadline_AndKeepsHandledRowsInPlace()
    {
        var first = await SubmitAsync();
        Clock.Advance(TimeSpan.FromHours(1));
        var second = await SubmitAsync();
        Clock.Advance(TimeSpan.FromHours(1));
        var third = await SubmitAsync();
        await Service.ModifyAsync(first.Id, Input(first.OrderNo, "改成丢件"));
        await Service.RejectAsync(third.Id, RejectionReason.FalseInfo, "照片与订单不符");

        var page = await Service.QueueAsync(new ReshipQueueQuery(ReshipStatus.Pending));
        Assert.Equal([second.Id, first.Id], page.Rows.Select(r => r.Id));
        Assert.Equal(2, page.Counts[ReshipStatus.Pending]);
        Assert.Equal(1, page.Counts[ReshipStatus.Rejected]);

        await Service.ApproveAsync(second.Id);
        var kept = await Service.QueueAsync(new ReshipQueueQuery(ReshipStatus.Pending, KeepIds: [second.Id, first.Id]));
        Assert.Equal([second.Id, first.Id], kept.Rows.Select(r => r.Id));
        Assert.Equal(ReshipStatus.Approved, kept.Rows.Single(r => r.Id == second.Id).Status);

        var byOrder = await Service.QueueAsync(new ReshipQueueQuery(ReshipStatus.Rejected, OrderNo: third.OrderNo[..10]));
        Assert.Equal(third.Id, Assert.Single(byOrder.Rows).Id);
    }

    [Fact]
    public async Task Approve_WithTheVersionThePersonSawBeforeSomeoneElseActed_IsTold已被他人处理WithTheNewStatus()
    {
        var (id, _) = await SubmitAsync();
        var seen = (await Service.GetAsync(id))!.Version;
        await Service.RejectAsync(id, RejectionReason.Other, "另一位客服已拒绝");

        var e = await Assert.ThrowsAsync<DomainException>(() => Service.ApproveAsync(id, seen));
        Assert.Equal(DomainErrorKind.Conflict, e.Kind);
        Assert.Equal("已被他人处理，当前状态为{0}", e.MessageKey);
        Assert.Equal("rejected", e.Arguments[0]);
        Assert.Null((await Service.GetAsync(id))!.ReissueId);
    }

    [Fact]
    public async Task BulkApprove_ReportsEachRow_OneRefusalDoesNotStopTheOthers()
    {
        var a = await SubmitAsync();
        var b = await SubmitAsync();
        var c = await SubmitAsync();
        await Service.EscalateAsync(b.Id, "想让平台看看");

        var results = await Service.BulkApproveAsync([(a.Id, null), (b.Id, null), (c.Id, null)]);
        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.StartsWith("BF", results[0].ReissueNo);
        Assert.Equal(ReshipStatus.PlatformReview, results[1].Status);
        Assert.Contains("platform_review", results[1].Error!.Arguments.OfType<string>());
        Assert.Equal(ReshipStatus.Approved, (await Service.GetAsync(c.Id))!.Status);
    }

    [Fact]
    public async Task Actions_WriteHistoryWithTheActingPerson_AndTheChangeNotifierHearsEachCommit()
    {
        var heard = new List<ReshipChange>();
        Services.GetRequiredService<ReshipRequestChanges>().Changed += heard.Add;
        var (id, orderNo) = await SubmitAsync();
        await Service.ModifyAsync(id, Input(orderNo, "补充照片"));
        await Service.WithdrawAsync(id);

        Assert.Equal([ReshipStatus.Pending, ReshipStatus.Pending, ReshipStatus.Withdrawn], heard.Select(h => h.Status));
        var detail = (await Service.GetAsync(id))!;
        Assert.Equal(["after_sale_opened", "submitted", "modified", "withdrawn", "after_sale_closed"], detail.History.Select(h => h.Action));
        Assert.All(detail.History, h => Assert.Equal("店主", h.Actor.Name));
        Assert.Equal(2, detail.Revisions.Count);
    }

    private async Task<(int Id, string OrderNo)> SubmitAsync()
    {
        var orderNo = await ReshipTestData.CreateOrderAsync(Database, Clock.GetUtcNow().UtcDateTime);
        return (await Service.SubmitAsync(Input(orderNo, "外箱破损")), orderNo);
    }

    private static ReshipInput Input(string orderNo, string description) =>
        new(orderNo, ReshipReason.Damaged, description, ReshipTestData.Address, null);
}

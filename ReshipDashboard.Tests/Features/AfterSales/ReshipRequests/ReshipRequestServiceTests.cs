using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.AfterSales.ReshipRequests;

public sealed class ReshipRequestServiceTests : MudTestContext
{
    /// <summary>The signed-in person's service (the merchant's decisions).</summary>
    private ReshipQueryService Queries => Services.GetRequiredService<ReshipQueryService>();

    private ReshipDecisionService Decisions => Services.GetRequiredService<ReshipDecisionService>();

    /// <summary>The platform key's service (the buyer's actions).</summary>
    private ReshipPlatformService Platform => AsApiKey<ReshipPlatformService>();

    [Fact]
    public async Task Queue_CountsEveryStatus_SortsPendingByDeadline_AndKeepsHandledRowsInPlace()
    {
        var first = await SubmitAsync();
        Clock.Advance(TimeSpan.FromHours(1));
        var second = await SubmitAsync();
        Clock.Advance(TimeSpan.FromHours(1));
        var third = await SubmitAsync();
        await Platform.ModifyAsync(first.Id, Input(first.OrderNo, "改成丢件"));
        await Decisions.RejectAsync(third.Id, RejectionReason.FalseInfo, "照片与订单不符");

        var page = await Queries.QueueAsync(new ReshipQueueQuery(ReshipStatus.Pending));
        Assert.Equal([second.Id, first.Id], page.Rows.Select(r => r.Id));
        Assert.Equal(2, page.Counts[ReshipStatus.Pending]);
        Assert.Equal(1, page.Counts[ReshipStatus.Rejected]);

        await Decisions.ApproveAsync(second.Id);
        var kept = await Queries.QueueAsync(new ReshipQueueQuery(ReshipStatus.Pending, KeepIds: [second.Id, first.Id]));
        Assert.Equal([second.Id, first.Id], kept.Rows.Select(r => r.Id));
        Assert.Equal(ReshipStatus.Approved, kept.Rows.Single(r => r.Id == second.Id).Status);

        var byOrder = await Queries.QueueAsync(new ReshipQueueQuery(ReshipStatus.Rejected, OrderNo: third.OrderNo[..10]));
        Assert.Equal(third.Id, Assert.Single(byOrder.Rows).Id);
    }

    [Fact]
    public async Task Approve_WithTheVersionThePersonSawBeforeSomeoneElseActed_IsTold已被他人处理WithTheNewStatus()
    {
        var (id, _) = await SubmitAsync();
        var seen = (await Queries.GetAsync(id))!.Version;
        await Decisions.RejectAsync(id, RejectionReason.Other, "另一位客服已拒绝");

        var e = await Assert.ThrowsAsync<DomainException>(() => Decisions.ApproveAsync(id, seen));
        Assert.Equal(DomainErrorKind.Conflict, e.Kind);
        Assert.Equal("已被他人处理，当前状态为{0}", e.MessageKey);
        Assert.Equal("rejected", e.Arguments[0]);
        Assert.Null((await Queries.GetAsync(id))!.ReissueId);
    }

    [Fact]
    public async Task BulkApprove_ReportsEachRow_OneRefusalDoesNotStopTheOthers()
    {
        var a = await SubmitAsync();
        var b = await SubmitAsync();
        var c = await SubmitAsync();
        await Platform.EscalateAsync(b.Id, "想让平台看看");

        var results = await Decisions.BulkApproveAsync([(a.Id, null), (b.Id, null), (c.Id, null)]);
        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.StartsWith("BF", results[0].ReissueNo);
        Assert.Equal(ReshipStatus.PlatformReview, results[1].Status);
        Assert.Contains("platform_review", results[1].Error!.Arguments.OfType<string>());
        Assert.Equal(ReshipStatus.Approved, (await Queries.GetAsync(c.Id))!.Status);
    }

    [Fact]
    public async Task Actions_WriteHistoryWithTheActingPersonOrKey_AndTheChangeNotifierHearsEachCommit()
    {
        SignInAs(Roles.Support);
        var heard = new List<ReshipChange>();
        Services.GetRequiredService<ReshipRequestChanges>().Changed += heard.Add;
        var (id, orderNo) = await SubmitAsync();
        await Platform.ModifyAsync(id, Input(orderNo, "补充照片"));
        await Decisions.RejectAsync(id, RejectionReason.Other, "照片看不清");

        Assert.Equal([ReshipStatus.Pending, ReshipStatus.Pending, ReshipStatus.Rejected], heard.Select(h => h.Status));
        var detail = (await Queries.GetAsync(id))!;
        Assert.Equal(["after_sale opened", "reship_request submitted", "reship_request modified", "reship_request rejected"],
            detail.History.Select(h => $"{h.Subject} {h.Action}"));
        Assert.All(detail.History.SkipLast(1), h => Assert.Equal(Actor.ApiKey("platform"), h.Actor));
        Assert.Equal(Actor.Person(Roles.Support), detail.History[^1].Actor);
        Assert.Equal(2, detail.Revisions.Count);
    }

    [Fact]
    public async Task Decisions_ByAWarehousePerson_AreRefused_AndChangeNothing()
    {
        var (id, _) = await SubmitAsync();
        SignInAs(Roles.Warehouse);

        var approve = await Assert.ThrowsAsync<DomainException>(() => Decisions.ApproveAsync(id));
        var reject = await Assert.ThrowsAsync<DomainException>(() => Decisions.RejectAsync(id, RejectionReason.Other, "不行"));
        var bulk = await Assert.ThrowsAsync<DomainException>(() => Decisions.BulkApproveAsync([(id, null)]));

        Assert.All([approve, reject, bulk], e =>
        {
            Assert.Equal(DomainErrorKind.Forbidden, e.Kind);
            Assert.Equal("无权执行此操作，需要角色：{0}", e.MessageKey);
            Assert.Equal("店主 / 客服", e.Arguments[0]);
        });
        var detail = (await Queries.GetAsync(id))!;
        Assert.Equal(ReshipStatus.Pending, detail.Status);
        Assert.Null(detail.ReissueId);
    }

    [Fact]
    public async Task BuyerActions_ByAPerson_AreRefused_OnlyAPlatformKeyReportsThem()
    {
        var (id, orderNo) = await SubmitAsync();

        var e = await Assert.ThrowsAsync<DomainException>(() => Services.GetRequiredService<ReshipPlatformService>().ModifyAsync(id, Input(orderNo, "店主代改")));

        Assert.Equal(DomainErrorKind.Forbidden, e.Kind);
        Assert.Equal("只有 API 密钥（{0}）可以执行此操作", e.MessageKey);
        Assert.Single((await Queries.GetAsync(id))!.Revisions);
    }

    private async Task<(int Id, string OrderNo)> SubmitAsync()
    {
        var orderNo = await TestData.CreateOrderAsync(Database, Clock.GetUtcNow().UtcDateTime);
        return (await Platform.SubmitAsync(Input(orderNo, "外箱破损")), orderNo);
    }

    private static ReshipInput Input(string orderNo, string description) =>
        new(orderNo, ReshipReason.Damaged, description, TestData.Address, null);
}

using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.AfterSales.ReshipRequests;

[Trait("Category", "Component")]
public sealed class ReshipQueueRowTests : MudTestContext
{
    private static readonly DateTime Now = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(30, null)]
    [InlineData(7, null)]
    [InlineData(5.9, "due-amber")]
    [InlineData(0.5, "due-amber")]
    [InlineData(0, "due-red")]
    [InlineData(-3, "due-red")]
    public void Countdown_IsAmberUnderSixHoursAndRedWhenOverdue(double hoursLeft, string? expectedClass)
    {
        var cut = RenderRow(Row(ReshipStatus.Pending, Now.AddHours(hoursLeft)));
        var timeLeft = cut.Find("[data-testid=time-left]");
        var classes = timeLeft.ClassList.ToList();
        if (expectedClass is null) Assert.DoesNotContain(classes, c => c.StartsWith("due-", StringComparison.Ordinal));
        else Assert.Contains(expectedClass, classes);
        Assert.Contains(hoursLeft <= 0 ? "已超时" : "剩余", timeLeft.TextContent);
    }

    [Fact]
    public void PendingRow_ShowsOrderMaskedBuyerRevisionAndActions()
    {
        var cut = RenderRow(Row(ReshipStatus.Pending, Now.AddHours(20), revision: 3));
        Assert.Contains("261126-500000000000001", cut.Markup);
        Assert.Contains("王**", cut.Markup);
        Assert.Contains("138****5678", cut.Markup);
        Assert.DoesNotContain("13812345678", cut.Markup);
        Assert.Contains("第 3 版", cut.Markup);
        Assert.Contains("破损", cut.Markup);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("同意"));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("拒绝"));
    }

    [Fact]
    public void HandledRow_HasNoCountdownNorActions_AndSaysSomeoneElseHandledIt()
    {
        var cut = RenderRow(Row(ReshipStatus.Approved, Now.AddHours(-2)), stale: true);
        Assert.Empty(cut.FindAll("[data-testid=time-left]"));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("同意"));
        Assert.Contains("已被他人处理", cut.Markup);
        Assert.Contains("已同意待发货", cut.Markup);
    }

    [Theory]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Support, true)]
    [InlineData(Roles.Warehouse, false)]
    public void PendingRow_OffersApproveAndReject_OnlyToRolesThatDecide(string role, bool offered)
    {
        SignInAs(role);

        var cut = RenderRow(Row(ReshipStatus.Pending, Now.AddHours(20)));

        Assert.Equal(offered, cut.FindAll("button").Any(b => b.TextContent.Contains("同意")));
        Assert.Equal(offered, cut.FindAll("button").Any(b => b.TextContent.Contains("拒绝")));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("详情"));
    }

    [Theory]
    [InlineData(Roles.Support, true)]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Warehouse, false)]
    public async Task Detail_ShowsTheFullAddressWithPhone_OnlyToRolesThatDecide(string role, bool full)
    {
        var orderNo = await TestData.CreateOrderAsync(Database, Clock.GetUtcNow().UtcDateTime);
        var id = await AsApiKey<ReshipPlatformService>().SubmitAsync(new ReshipInput(orderNo, ReshipReason.Damaged, "外箱破损", TestData.Address, null));
        SignInAs(role);
        var detail = (await Services.GetRequiredService<ReshipQueryService>().GetAsync(id))!;

        var cut = Render<ReshipDetailPanel>(p => p.Add(x => x.Detail, detail));

        var address = cut.Find("[data-testid=request-address]").TextContent;
        Assert.Equal(full, address.Contains(TestData.Address.Phone, StringComparison.Ordinal));
        Assert.Contains(full ? TestData.Address.Phone : TestData.Address.MaskedPhone, address);
        Assert.Contains(TestData.Address.Detail, address);
    }

    private IRenderedComponent<ReshipQueueRow> RenderRow(ReshipRequestSummary row, bool stale = false) =>
        Render<ReshipQueueRow>(p => p.Add(x => x.Row, row).Add(x => x.NowUtc, Now).Add(x => x.Stale, stale));

    private static ReshipRequestSummary Row(ReshipStatus status, DateTime dueAt, int revision = 1) => new(
        7, "261126-500000000000001", status, ReshipReason.Damaged, "外箱破损", TestData.Address,
        [new LineItem(TestData.Sku, "西湖龙井 250g", 1)], dueAt, revision, null, Now.AddHours(-28), Now.AddHours(-1),
        BuyerMask.Name("王小明"), "138****5678", Guid.NewGuid(), ReshipActions.ByStatus(ReshipActorKind.Merchant, status));
}

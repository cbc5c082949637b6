using Bunit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.AfterSales.ReshipRequests;

/// <summary>
/// For a request in every status, the queue row offers exactly what the entity allows the merchant: each offered
/// action (同意 and the bulk-approve checkbox, 拒绝) succeeds on the entity, and each one not offered is refused by it.
/// </summary>
[Trait("Category", "Component")]
public sealed class ReshipQueueRowActionsTests : MudTestContext
{
    private static readonly DateTime Start = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = Start.AddHours(2);
    private static readonly ShopSettings Rules = new();

    public static TheoryData<ReshipStatus> Statuses() => new(Enum.GetValues<ReshipStatus>());

    [Theory]
    [MemberData(nameof(Statuses))]
    public void TheRow_OffersExactlyWhatTheEntityAllowsTheMerchant(ReshipStatus status)
    {
        var request = TestData.RequestIn(status, Start);
        var cut = Render<ReshipQueueRow>(p => p
            .Add(x => x.Row, ReshipQueryService.ToSummary(request, Now, Rules))
            .Add(x => x.NowUtc, Now));

        var offered = new HashSet<ReshipAction>();
        var buttons = cut.FindAll("button").Select(b => b.TextContent.Trim()).ToList();
        if (buttons.Contains("同意")) offered.Add(ReshipAction.Approve);
        if (buttons.Contains("拒绝")) offered.Add(ReshipAction.Reject);
        var selectable = cut.FindAll("input[type=checkbox]").Count == 1;

        var allowed = request.AllowedActions(ReshipActorKind.Merchant, Now, Rules);
        Assert.Equal(allowed.Order(), offered.Order());
        Assert.Equal(allowed.Contains(ReshipAction.Approve), selectable);
        foreach (var action in new[] { ReshipAction.Approve, ReshipAction.Reject })
        {
            var refusal = Record.Exception(() => Perform(TestData.RequestIn(status, Start), action));
            if (offered.Contains(action)) Assert.Null(refusal);
            else Assert.Equal(DomainErrorKind.InvalidState, Assert.IsType<DomainException>(refusal).Kind);
        }
    }

    private static void Perform(ReshipRequest request, ReshipAction action)
    {
        if (action == ReshipAction.Approve) request.Approve(Now, Actor.Person("support"), "BF261126000009", Rules);
        else request.Reject(RejectionReason.NoQualityIssue, "出库视频显示完好", Now, Actor.Person("support"));
    }
}

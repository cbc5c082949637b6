using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Domain.ReshipRequests;

public sealed class ReshipRequestStateMachineTests
{
    private static readonly DateTime Start = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);
    private static readonly ShopSettings Settings = new();

    public enum Act
    {
        Modify,
        Withdraw,
        Escalate,
        Approve,
        Reject,
        DecideForBuyer,
        DecideForMerchant,
        MarkShipped,
        ConfirmReceipt,
        CloseExpiredRejection,
        AutoComplete,
    }

    /// <summary>api.md's table: the only moves allowed. Every other (status, action) pair must be refused.</summary>
    private static readonly Dictionary<(ReshipStatus, Act), ReshipStatus> Allowed = new()
    {
        [(ReshipStatus.Pending, Act.Modify)] = ReshipStatus.Pending,
        [(ReshipStatus.Pending, Act.Withdraw)] = ReshipStatus.Withdrawn,
        [(ReshipStatus.Pending, Act.Escalate)] = ReshipStatus.PlatformReview,
        [(ReshipStatus.Pending, Act.Approve)] = ReshipStatus.Approved,
        [(ReshipStatus.Pending, Act.Reject)] = ReshipStatus.Rejected,
        [(ReshipStatus.Rejected, Act.Escalate)] = ReshipStatus.PlatformReview,
        [(ReshipStatus.Rejected, Act.CloseExpiredRejection)] = ReshipStatus.Closed,
        [(ReshipStatus.PlatformReview, Act.Withdraw)] = ReshipStatus.Withdrawn,
        [(ReshipStatus.PlatformReview, Act.DecideForBuyer)] = ReshipStatus.Approved,
        [(ReshipStatus.PlatformReview, Act.DecideForMerchant)] = ReshipStatus.Closed,
        [(ReshipStatus.Approved, Act.MarkShipped)] = ReshipStatus.Shipped,
        [(ReshipStatus.Shipped, Act.ConfirmReceipt)] = ReshipStatus.Completed,
        [(ReshipStatus.Shipped, Act.AutoComplete)] = ReshipStatus.Completed,
    };

    public static TheoryData<ReshipStatus, Act> EveryPair()
    {
        var data = new TheoryData<ReshipStatus, Act>();
        foreach (var status in Enum.GetValues<ReshipStatus>())
            foreach (var act in Enum.GetValues<Act>())
                data.Add(status, act);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void EveryStatusAndAction_AllowedOnesMove_OthersAreRefusedNamingTheStatus(ReshipStatus status, Act act)
    {
        var request = InStatus(status);
        Assert.Equal(status, request.Status);
        var revision = request.Revision;

        if (Allowed.TryGetValue((status, act), out var expected))
        {
            Do(request, act);
            Assert.Equal(expected, request.Status);
            if (act == Act.Modify) Assert.Equal(revision + 1, request.Revision);
            Assert.Equal(request.HasEnded, expected is ReshipStatus.Completed or ReshipStatus.Withdrawn or ReshipStatus.Closed);
        }
        else
        {
            var refused = Assert.Throws<DomainException>(() => Do(request, act));
            Assert.Equal(DomainErrorKind.InvalidState, refused.Kind);
            Assert.Contains(ApiWords.Of(status), refused.Arguments.OfType<string>());
            Assert.Equal(status, request.Status);
            Assert.Equal(revision, request.Revision);
        }
    }

    [Fact]
    public void Escalate_AfterTheRejectionWindow_IsRefused()
    {
        var request = InStatus(ReshipStatus.Rejected);
        var e = Assert.Throws<DomainException>(() => request.Escalate(Start.AddHours(1) + Settings.EscalateAfterRejectionWithin, Settings));
        Assert.Equal(DomainErrorKind.InvalidState, e.Kind);
        Assert.Equal(ReshipStatus.Rejected, request.Status);
    }

    [Fact]
    public void Modify_RestartsTheAnswerTimeAndKeepsTheEarlierRevision()
    {
        var request = InStatus(ReshipStatus.Pending);
        var later = Start.AddHours(20);
        request.Modify(Content("第二版说明"), later, Settings);
        Assert.Equal(later + Settings.ReshipAnswerWithin, request.DueAtUtc);
        Assert.Equal([1, 2], request.Revisions.Select(r => r.Number));
        Assert.Equal("收到时外箱破损", request.Revisions[0].Description);
    }

    /// <summary>What each kind of actor is told it may do is exactly what the entity then lets it do.</summary>
    [Theory]
    [MemberData(nameof(EveryPair))]
    public void AllowedActions_AgreeWithTheGuards(ReshipStatus status, Act act)
    {
        (ReshipActorKind actor, ReshipAction? action, DateTime at) = act switch
        {
            Act.Modify => (ReshipActorKind.Platform, ReshipAction.Modify, Start.AddHours(2)),
            Act.Withdraw => (ReshipActorKind.Platform, ReshipAction.Withdraw, Start.AddHours(2)),
            Act.Escalate => (ReshipActorKind.Platform, ReshipAction.Escalate, Start.AddHours(2)),
            Act.ConfirmReceipt => (ReshipActorKind.Platform, ReshipAction.ConfirmReceipt, Start.AddHours(2)),
            Act.DecideForBuyer or Act.DecideForMerchant => (ReshipActorKind.Platform, ReshipAction.Decide, Start.AddHours(2)),
            Act.Approve => (ReshipActorKind.Merchant, ReshipAction.Approve, Start.AddHours(2)),
            Act.Reject => (ReshipActorKind.Merchant, ReshipAction.Reject, Start.AddHours(2)),
            Act.CloseExpiredRejection => (ReshipActorKind.Deadline, ReshipAction.CloseRejection, Start.AddDays(11)),
            Act.AutoComplete => (ReshipActorKind.Deadline, ReshipAction.AutoComplete, Start.AddDays(11)),
            _ => (ReshipActorKind.Deadline, (ReshipAction?)null, Start),
        };
        if (action is null) return; // MarkShipped follows the reissue, not an actor's choice

        var request = InStatus(status);
        var allowed = request.AllowedActions(actor, at, Settings).Contains(action.Value);

        Assert.Equal(Allowed.ContainsKey((status, act)), allowed);
    }

    [Fact]
    public void AnUnansweredRequest_IsApprovedByTheDeadlineJob_UnlessTheOrderIsAtItsLimitOrTheShopEscalates()
    {
        var request = InStatus(ReshipStatus.Pending);
        var due = request.DueAtUtc;

        Assert.Empty(request.AllowedActions(ReshipActorKind.Deadline, due.AddMinutes(-1), Settings));
        Assert.Equal([ReshipAction.AutoApprove], request.AllowedActions(ReshipActorKind.Deadline, due, Settings));
        Assert.Equal([ReshipAction.AutoEscalate], request.AllowedActions(ReshipActorKind.Deadline, due, new ShopSettings { MaxReissuesPerOrder = 0 }));
        Assert.Equal([ReshipAction.AutoEscalate], request.AllowedActions(ReshipActorKind.Deadline, due,
            new ShopSettings { OverdueReshipAction = OverdueReshipAction.Escalate }));
    }

    [Fact]
    public void Approving_CreatesTheLinkedReissue_InTheSameStep_OrNeitherAtTheLimit()
    {
        var request = InStatus(ReshipStatus.Pending);

        var refused = Assert.Throws<DomainException>(() => request.Approve(Start.AddHours(2), Actor.Person("support"), "BF261126000007",
            new ShopSettings { MaxReissuesPerOrder = 0 }));
        Assert.Equal(ReshipStatus.Pending, request.Status);
        Assert.Empty(request.Order.Reissues);

        var reissue = request.Approve(Start.AddHours(2), Actor.Person("support"), "BF261126000008", Settings);
        Assert.Equal(ReshipStatus.Approved, request.Status);
        Assert.Same(reissue, request.Reissue);
        Assert.Same(request, reissue.ReshipRequest);
        Assert.Equal(ReissueSource.ReshipRequest, reissue.Source);
        Assert.Equal(request.Address, reissue.Address);
        Assert.Contains("已达上限", refused.MessageKey);
    }

    [Fact]
    public void Reject_WithoutNote_IsRefusedAsInvalidBeforeTheStateIsChecked()
    {
        var request = InStatus(ReshipStatus.Approved);
        var e = Assert.Throws<DomainException>(() => request.Reject(RejectionReason.Other, " ", Start, Actor.Person("support")));
        Assert.Equal(DomainErrorKind.Invalid, e.Kind);
        Assert.Equal("note", e.Field);
    }

    [Fact]
    public void TheAnswerNamesWhoGaveIt_APersonByName_AKeyWithItsPrefix_TheDeadlineJobNoOne()
    {
        var byPerson = InStatus(ReshipStatus.Pending);
        byPerson.Approve(Start.AddHours(1), Actor.Person("support"), "BF261126000001", Settings);
        var byKey = InStatus(ReshipStatus.Pending);
        byKey.Reject(RejectionReason.NoQualityIssue, "出库视频显示完好", Start.AddHours(1), Actor.ApiKey("erp"));
        var bySystem = InStatus(ReshipStatus.Pending);
        bySystem.Approve(bySystem.DueAtUtc, Actor.System, "BF261126000002", Settings);

        Assert.Equal("support", byPerson.AnsweredBy);
        Assert.Equal("API:erp", byKey.AnsweredBy);
        Assert.Null(bySystem.AnsweredBy);
    }

    [Fact]
    public void APlatformRulingForTheBuyer_KeepsWhoRejected()
    {
        var request = InStatus(ReshipStatus.Pending);
        request.Reject(RejectionReason.NoQualityIssue, "出库视频显示完好", Start.AddHours(1), Actor.Person("admin"));
        request.Escalate(Start.AddHours(2), Settings);
        request.Decide(PlatformOutcome.Buyer, Start.AddHours(3), "BF261126900001", Settings);

        Assert.Equal(ReshipStatus.Approved, request.Status);
        Assert.Equal("admin", request.AnsweredBy);
    }

    private static void Do(ReshipRequest r, Act act)
    {
        var soon = Start.AddHours(2);
        var late = Start.AddDays(11);
        switch (act)
        {
            case Act.Modify: r.Modify(Content("补充说明"), soon, Settings); break;
            case Act.Withdraw: r.Withdraw(soon); break;
            case Act.Escalate: r.Escalate(soon, Settings); break;
            case Act.Approve: r.Approve(soon, Actor.Person("support"), "BF261126000003", Settings); break;
            case Act.Reject: r.Reject(RejectionReason.NoQualityIssue, "出库视频显示完好", soon, Actor.Person("support")); break;
            case Act.DecideForBuyer: r.Decide(PlatformOutcome.Buyer, soon, "BF261126900001", Settings); break;
            case Act.DecideForMerchant: r.Decide(PlatformOutcome.Merchant, soon); break;
            case Act.MarkShipped: r.MarkShipped(soon); break;
            case Act.ConfirmReceipt: r.ConfirmReceipt(soon); break;
            case Act.CloseExpiredRejection: r.CloseExpiredRejection(late, Settings); break;
            case Act.AutoComplete: r.AutoComplete(late, Settings); break;
        }
    }

    private static ReshipContent Content(string description) =>
        new(ReshipReason.Damaged, description, TestData.Address, [new LineItem(TestData.Sku, "西湖龙井 250g", 1)]);

    private static ReshipRequest InStatus(ReshipStatus status) => TestData.RequestIn(status, Start);
}

using Bunit;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

/// <summary>
/// For a reissue in every state the list shows, the row offers exactly the actions the entity performs: each offered
/// button's action succeeds on the entity, and each action not offered is refused by it.
/// </summary>
[Trait("Category", "Component")]
public sealed class ReissueRowActionsTests : MudTestContext
{
    private static readonly DateTime T0 = new(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);

    public enum State
    {
        AwaitingTracking,
        AwaitingTrackingAfterAFailedWaybill,
        AwaitingManualTracking,
        Shipped,
        Delivered,
        Cancelled,
        AwaitingTrackingForAReshipRequest,
        AwaitingManualTrackingForAReshipRequest,
        ShippedForAReshipRequest,
    }

    private static readonly Dictionary<string, ReissueAction> Buttons = new()
    {
        ["填写物流单号"] = ReissueAction.EnterTracking,
        ["更正物流单号"] = ReissueAction.CorrectTracking,
        ["重新获取单号"] = ReissueAction.RetryWaybill,
        ["取消"] = ReissueAction.Cancel,
    };

    public static TheoryData<State> States() => new(Enum.GetValues<State>());

    [Theory]
    [MemberData(nameof(States))]
    public void TheRow_OffersExactlyWhatTheEntityAllows(State state)
    {
        var reissue = Build(state);
        var grid = RenderRow(reissue);

        var offered = grid.FindAll("button[aria-label]").Select(b => b.GetAttribute("aria-label")!)
            .Select(label => Buttons.Where(p => label.StartsWith(p.Key + " ", StringComparison.Ordinal)).Select(p => (ReissueAction?)p.Value).FirstOrDefault())
            .OfType<ReissueAction>().ToHashSet();

        Assert.Equal(reissue.AllowedActions.Order(), offered.Order());
        foreach (var action in Enum.GetValues<ReissueAction>())
        {
            var fresh = Build(state);
            var refusal = Record.Exception(() => Perform(fresh, action));
            if (offered.Contains(action)) Assert.Null(refusal);
            else Assert.IsType<DomainException>(refusal);
        }
    }

    [Fact]
    public void ADeliveredReissuesWrongNumber_CanBeCorrectedFromTheList()
    {
        var grid = RenderRow(Build(State.Delivered));

        Assert.Single(grid.FindAll("button[aria-label^='更正物流单号']"));
    }

    private IRenderedComponent<ReissueGrid> RenderRow(ReissueOrder r)
    {
        SignInAs(Roles.Admin);
        RenderProviders();
        var row = new ReissueRow(1, r.ReissueNo, "261120-123456789012345", r.Sequence, r.Source, r.Scenario, r.Status, r.PreferredCarrier,
            r.Carrier, r.TrackingNo, r.CreatedAtUtc, r.ShipByUtc, r.ShippedAtUtc, r.UpdatedAtUtc, r.ReplacedParcelDelivered, r.WaybillError,
            r.ReshipRequest is null ? null : 1, Guid.NewGuid());
        var grid = Render<ReissueGrid>(p => p.Add(g => g.Load,
            (_, _, _, _, _) => Task.FromResult(new PagedResult<ReissueRow>([row], 1))));
        grid.WaitForAssertion(() => Assert.NotEmpty(grid.FindAll("button[aria-label^='时间线']")));
        return grid;
    }

    private static void Perform(ReissueOrder reissue, ReissueAction action)
    {
        var at = T0.AddDays(3);
        switch (action)
        {
            case ReissueAction.EnterTracking: reissue.Ship(Courier.ZTO, "73123456789055", at, automatic: false); break;
            case ReissueAction.CorrectTracking: reissue.CorrectTracking(Courier.ZTO, "73123456789066", "单号录错", at); break;
            case ReissueAction.RetryWaybill: reissue.RetryWaybill(at); break;
            case ReissueAction.Cancel: reissue.Cancel("买家不要了", at); break;
        }
    }

    /// <summary>A reissue brought to the state through the domain's own steps, as the app would.</summary>
    private static ReissueOrder Build(State state)
    {
        var order = TestData.NewOrder(T0);
        TestData.Ship(order, T0.AddHours(1), stop: ShipmentStatus.Intercepted, stoppedAtUtc: T0.AddHours(2));
        var forRequest = state.ToString().EndsWith("ForAReshipRequest", StringComparison.Ordinal);
        var second = state is State.AwaitingManualTracking or State.AwaitingManualTrackingForAReshipRequest;

        if (second)
        {
            var first = order.CreateReissue(new ReissueRequest(ReissueScenario.Intercepted, ReissueSource.Manual), "BF261120000001", 10,
                TimeSpan.FromHours(48), T0.AddHours(3));
            var firstParcel = first.Ship(Courier.ZTO, "73123456789012", T0.AddHours(4), automatic: true);
            firstParcel.ApplyCourierEvent(ShipmentStatus.Intercepted, T0.AddHours(5), T0.AddHours(5));
            order.OnShipmentChanged(firstParcel, T0.AddHours(5));
        }

        var reissue = forRequest
            ? TestData.ApprovedRequestReissue(order, "BF261120000002", T0.AddHours(6))
            : order.CreateReissue(new ReissueRequest(ReissueScenario.Intercepted, ReissueSource.Manual), "BF261120000002", 10, TimeSpan.FromHours(48), T0.AddHours(6));
        switch (state)
        {
            case State.AwaitingTrackingAfterAFailedWaybill:
                reissue.RecordWaybillFailure("电子面单服务暂时无法取号", T0.AddHours(7));
                break;
            case State.Shipped or State.ShippedForAReshipRequest:
                reissue.Ship(Courier.ZTO, "73123456789033", T0.AddHours(7), automatic: true);
                break;
            case State.Delivered:
                var delivered = reissue.Ship(Courier.ZTO, "73123456789044", T0.AddHours(7), automatic: true);
                delivered.ApplyCourierEvent(ShipmentStatus.Delivered, T0.AddDays(2), T0.AddDays(2));
                order.OnShipmentChanged(delivered, T0.AddDays(2));
                break;
            case State.Cancelled:
                reissue.Cancel("已线下处理", T0.AddHours(7));
                break;
        }
        Assert.Equal(state.ToString().Replace("ForAReshipRequest", "").Replace("AfterAFailedWaybill", ""), reissue.Status.ToString());
        return reissue;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

public sealed class ReissueServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private ReissuePipeline _pipeline = null!;
    private ReissueFixtures _data = null!;
    private ShopClock _shopClock = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _shopClock = new ShopClock(_clock, new ShopSettings().ResolveTimeZone());
        _pipeline = new ReissuePipeline(_shopClock, Options.Create(new ShopSettings()));
        _data = new ReissueFixtures(_db, _pipeline, _clock);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private ReissueService Service(string person = "小王") =>
        new(_db, _pipeline, _shopClock, new WaybillSignal(), TestActors.Of(Actor.Person(person)));

    [Fact]
    public async Task EnterTracking_OnASecondReissue_ShipsItAndRecordsWhoDidIt()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        var outcome = await Service().SetTrackingAsync(second, "中通快递", " ７３１２-３４５６ ７８９０１２ ", null);

        var reissue = await _data.LoadAsync(second);
        Assert.True(outcome.Changed);
        Assert.Equal(ReissueStatus.Shipped, reissue.Status);
        Assert.Equal("73123456789012", reissue.TrackingNo);
        await using var db = _db.CreateDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityId == second && a.Action == "shipped");
        Assert.Equal("小王", audit.ActorName);
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "reissue.shipped" && e.Subject == $"reissue/{second}"));
    }

    [Fact]
    public async Task EnterTracking_InAnotherCouriersFormat_IsRefusedWithASuggestion()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service().SetTrackingAsync(second, "SF", "73123456789012", null));

        Assert.Equal(DomainErrorKind.Invalid, refused.Kind);
        Assert.Equal("trackingNo", refused.Field);
        Assert.Contains("中通快递", refused.Message);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, (await _data.LoadAsync(second)).Status);
    }

    [Fact]
    public async Task EnterTracking_WithANumberUsedElsewhere_IsRefusedNamingTheOrder()
    {
        var (orderNo, first, _) = await _data.OrderWithSecondReissueAsync();
        var (_, _, other) = await _data.OrderWithSecondReissueAsync();
        var used = (await _data.LoadAsync(first)).TrackingNo!;

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service().SetTrackingAsync(other, "SF", used, null));

        Assert.Equal(DomainErrorKind.Conflict, refused.Kind);
        Assert.Contains(orderNo, refused.Message);
    }

    [Fact]
    public async Task EnterTracking_TwoPeopleAtOnce_OneWins_TheOtherIsToldItWasHandled()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        var version = (await _data.LoadAsync(second)).Version;

        var attempts = await Task.WhenAll(
            Attempt(Service("小王"), second, "73123456789012", version),
            Attempt(Service("小李"), second, "73123456789013", version));

        Assert.Single(attempts, a => a is null);
        var loser = Assert.Single(attempts, a => a is not null)!;
        Assert.Equal(DomainErrorKind.Conflict, loser.Kind);
        Assert.Equal("已被他人处理，当前状态为{0}", loser.MessageKey);
        Assert.Equal("shipped", loser.Arguments[0]);
    }

    private static async Task<DomainException?> Attempt(ReissueService service, int id, string number, Guid version)
    {
        await Task.Yield();
        try
        {
            await service.SetTrackingAsync(id, "ZTO", number, null, version);
            return null;
        }
        catch (DomainException e)
        {
            return e;
        }
    }

    [Fact]
    public async Task Correct_WithoutAReason_IsRefused()
    {
        var (_, first, _) = await _data.OrderWithSecondReissueAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service().SetTrackingAsync(first, "SF", "SF1000000000001", "  "));

        Assert.Equal("reason", refused.Field);
    }

    [Fact]
    public async Task Correct_WithAReason_KeepsTheOldNumberInTheHistory_AndFreesIt()
    {
        var (_, first, second) = await _data.OrderWithSecondReissueAsync();
        var old = (await _data.LoadAsync(first)).TrackingNo!;

        await Service().SetTrackingAsync(first, "SF", "SF1000000000001", "面单贴错");
        await Service().SetTrackingAsync(second, "SF", old, null);

        Assert.Equal("SF1000000000001", (await _data.LoadAsync(first)).TrackingNo);
        Assert.Equal(old, (await _data.LoadAsync(second)).TrackingNo);
        await using var db = _db.CreateDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityId == first && a.Action == "tracking_corrected");
        Assert.Contains(old, audit.Note);
        var feed = await db.OutboxEvents.SingleAsync(e => e.Type == "reissue.tracking_corrected");
        Assert.Contains(old, feed.DataJson);
        Assert.Contains("SF1000000000001", feed.DataJson);
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "reissue.shipped" && e.Subject == $"reissue/{first}"));
    }

    [Fact]
    public async Task Correct_WithTheSameNumber_ChangesNothing_AndNeedsNoReason()
    {
        var (_, first, _) = await _data.OrderWithSecondReissueAsync();
        var stored = await _data.LoadAsync(first);

        var outcome = await Service().SetTrackingAsync(first, stored.Carrier, stored.TrackingNo, null);

        Assert.False(outcome.Changed);
        Assert.Equal(stored.Version, (await _data.LoadAsync(first)).Version);
    }

    [Fact]
    public async Task Cancel_BeforeShipping_CancelsIt_WithAuditAndFeed()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        await Service().CancelAsync(second, "买家改为退款");

        var reissue = await _data.LoadAsync(second);
        Assert.Equal(ReissueStatus.Cancelled, reissue.Status);
        Assert.Equal("买家改为退款", reissue.CancelReason);
        await using var db = _db.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == second && a.Action == "cancelled"));
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "reissue.cancelled"));
    }

    [Fact]
    public async Task Cancel_WithoutAReason_IsRefused()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service().CancelAsync(second, ""));

        Assert.Equal("reason", refused.Field);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, (await _data.LoadAsync(second)).Status);
    }

    [Fact]
    public async Task Cancel_AfterShipping_IsRefused()
    {
        var (_, first, _) = await _data.OrderWithSecondReissueAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service().CancelAsync(first, "不要了"));

        Assert.Equal(DomainErrorKind.InvalidState, refused.Kind);
    }

    [Fact]
    public async Task Cancel_AReshipRequestsReissue_IsRefused()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        var reissue = await _data.CreateReissueAsync(orderId, ReissueScenario.ReshipRequest, ReissueSource.ReshipRequest);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service().CancelAsync(reissue, "不要了"));

        Assert.Equal(DomainErrorKind.InvalidState, refused.Kind);
        Assert.Equal(ReissueStatus.AwaitingTracking, (await _data.LoadAsync(reissue)).Status);
    }

    [Fact]
    public async Task Search_CountsEachTab_AndFiltersByOrderNumberAndCourier()
    {
        var (orderNo, _, _) = await _data.OrderWithSecondReissueAsync();
        await _data.OrderWithSecondReissueAsync();

        var service = Service();
        var counts = await service.CountAsync(new ReissueFilter());
        var mine = await service.SearchAsync(new ReissueQuery(new ReissueFilter(OrderNo: orderNo), null));
        var sf = await service.SearchAsync(new ReissueQuery(new ReissueFilter(Carrier: "顺丰速运"), ReissueStatus.Shipped));

        Assert.Equal(2, counts[ReissueStatus.AwaitingManualTracking]);
        Assert.Equal(2, counts[ReissueStatus.Shipped]);
        Assert.Equal(4, counts[null]);
        Assert.Equal(2, mine.TotalCount);
        Assert.All(mine.Items, r => Assert.Equal(orderNo, r.OrderNo));
        Assert.Equal(2, sf.TotalCount);
    }

    [Fact]
    public async Task Timeline_ShowsCreationShippingAndCourierEvents()
    {
        var (_, first, _) = await _data.OrderWithSecondReissueAsync();

        var detail = await Service().GetDetailAsync(first);

        Assert.NotNull(detail);
        Assert.Equal(["created", "shipped", "courier_event"], detail.Timeline.Select(t => t.Action));
        Assert.Equal("intercepted", detail.Timeline[^1].ToStatus);
    }
    [Fact]
    public async Task Search_ByCreatedDates_CountsWholeShopDays()
    {
        await _data.OrderWithSecondReissueAsync();
        _clock.Advance(TimeSpan.FromHours(15)); // 2026-11-26 17:00 UTC is 11-27 01:00 in the shop's zone
        var (late, _, _) = await _data.OrderWithSecondReissueAsync();

        var service = Service();
        var day26 = await service.SearchAsync(new ReissueQuery(new ReissueFilter(CreatedFrom: new(2026, 11, 26), CreatedTo: new(2026, 11, 26)), null));
        var day27 = await service.SearchAsync(new ReissueQuery(new ReissueFilter(CreatedFrom: new(2026, 11, 27)), null));

        Assert.Equal(2, day26.TotalCount);
        Assert.Equal(2, day27.TotalCount);
        Assert.All(day27.Items, r => Assert.Equal(late, r.OrderNo));
    }

    [Fact]
    public async Task Support_CannotEnterCorrectCancelOrRetry_AndNothingChanges()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        var support = new ReissueService(_db, _pipeline, _shopClock, new WaybillSignal(), TestActors.As(Roles.Support));

        DomainException[] refusals =
        [
            await Assert.ThrowsAsync<DomainException>(() => support.SetTrackingAsync(second, "中通快递", "73123456789012", null)),
            await Assert.ThrowsAsync<DomainException>(() => support.CancelAsync(second, "买家改为退款")),
            await Assert.ThrowsAsync<DomainException>(() => support.RetryWaybillAsync(second)),
        ];

        Assert.All(refusals, e =>
        {
            Assert.Equal(DomainErrorKind.Forbidden, e.Kind);
            Assert.Equal("无权执行此操作，需要角色：{0}", e.MessageKey);
            Assert.Equal("店主 / 仓库", e.Arguments[0]);
        });
        var reissue = await _data.LoadAsync(second);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, reissue.Status);
        Assert.Null(reissue.TrackingNo);
        await using var db = _db.CreateDbContext();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.EntityId == second && a.ActorName == Roles.Support));
    }

    [Fact]
    public async Task Warehouse_MayEnterTracking()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        var warehouse = new ReissueService(_db, _pipeline, _shopClock, new WaybillSignal(), TestActors.As(Roles.Warehouse));

        await warehouse.SetTrackingAsync(second, "中通快递", "73123456789012", null);

        Assert.Equal(ReissueStatus.Shipped, (await _data.LoadAsync(second)).Status);
    }
}

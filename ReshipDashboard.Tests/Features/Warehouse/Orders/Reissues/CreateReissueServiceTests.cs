using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

public sealed class CreateReissueServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private CreateReissueService _service = null!;

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _service = NewService();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private CreateReissueService NewService()
    {
        var settings = Options.Create(new ShopSettings());
        var clock = new ShopClock(_clock, settings.Value.ResolveTimeZone());
        return new CreateReissueService(_db, new ReissuePipeline(clock, settings), new WaybillSignal(), TestActors.Owner(), settings);
    }

    private static async Task<DomainException> Refused(Func<Task> action) => await Assert.ThrowsAsync<DomainException>(action);

    [Fact]
    public async Task Create_ForAnInterceptedParcel_CreatesTheFirstReissueWaitingForItsAutomaticNumber()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);

        var created = await _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted));

        Assert.Equal(1, created.Sequence);
        Assert.Equal(ReissueStatus.AwaitingTracking, created.Status);
        Assert.True(ReissueNumber.IsValid(created.ReissueNo));
        await using var db = _db.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityId == created.Id && a.Action == "created"));
        Assert.Equal(1, await db.OutboxEvents.CountAsync(e => e.Type == "reissue.created"));
        Assert.False((await db.Orders.SingleAsync(o => o.Id == order.Id)).NeedsReissue);
    }

    [Fact]
    public async Task NextNumber_CountsOnFromTodaysLatest_AndStartsAtOneOnADayWithoutNumbers()
    {
        var order = await TestData.AddShippedAsync(_db, Now.AddDays(-2), ShipmentStatus.Delivered);
        await TestData.AddReissuesAsync(_db, order.Id, Now.AddDays(-1), 3); // yesterday: …000001 to …000003
        await TestData.AddReissuesAsync(_db, order.Id, Now, 2);             // today: …000001 and …000002
        var settings = Options.Create(new ShopSettings());
        var pipeline = new ReissuePipeline(new ShopClock(_clock, settings.Value.ResolveTimeZone()), settings);
        await using var db = _db.CreateDbContext();

        Assert.Equal("BF261126000003", await pipeline.NextNumberAsync(db, Now));
        Assert.Equal("BF261127000001", await pipeline.NextNumberAsync(db, Now.AddDays(1)));
        Assert.Equal("BF261125000004", await pipeline.NextNumberAsync(db, Now.AddDays(-1)));
    }

    [Fact]
    public async Task Create_ASecondReissue_WaitsForAHandEnteredNumber()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Returned);
        await TestData.AddReissuesAsync(_db, order.Id, Now, 1);

        var created = await _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.DamagedReturned,
            [new ItemQuantity("sku-a", 1)], Remark: "破损补发"));

        Assert.Equal(2, created.Sequence);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, created.Status);
        Assert.False(created.GetsNumberAutomatically);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("261126-12345")]
    public async Task Create_WithAMalformedOrderNumber_IsRefusedAsInvalid(string orderNo)
    {
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput(orderNo, ReissueScenario.Intercepted)));
        Assert.Equal(DomainErrorKind.Invalid, e.Kind);
        Assert.Equal("orderNo", e.Field);
    }

    [Fact]
    public async Task Create_ForAnUnknownOrder_IsRefusedAsNotFound()
    {
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput("261126-000000000000001", ReissueScenario.Intercepted)));
        Assert.Equal(DomainErrorKind.NotFound, e.Kind);
        Assert.Equal("未找到订单 {0}", e.MessageKey);
    }

    [Fact]
    public async Task Create_ForAnOrderNeverShipped_IsRefusedByState()
    {
        var order = await TestData.AddUnshippedAsync(_db, Now);
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted)));
        Assert.Equal(DomainErrorKind.InvalidState, e.Kind);
        Assert.StartsWith("订单尚未发货", e.MessageKey);
    }

    [Fact]
    public async Task Create_InterceptedWithoutAnInterceptedParcel_IsRefused()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.InTransit);
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted)));
        Assert.Equal("订单没有拦截成功的包裹，不能按拦截补发", e.MessageKey);
    }

    [Fact]
    public async Task Create_DamagedReturnedWithoutAReturnedParcel_IsRefused()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.DamagedReturned)));
        Assert.Equal("订单没有拒收退回的包裹，不能按破损退回补发", e.MessageKey);
    }

    [Fact]
    public async Task Create_WithQuantityZero_IsRefusedAsInvalid()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted, [new ItemQuantity("SKU-A", 0)])));
        Assert.Equal(DomainErrorKind.Invalid, e.Kind);
        Assert.Equal("items", e.Field);
    }

    [Fact]
    public async Task Create_WithQuantityAboveOrdered_IsRefusedAsBreakingAStoredFact()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted, [new ItemQuantity("SKU-A", 3)])));
        Assert.Equal(DomainErrorKind.BreaksStoredFact, e.Kind);
    }

    [Fact]
    public async Task Create_WhenTheOrderHasTenReissues_IsRefused()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);
        await TestData.AddReissuesAsync(_db, order.Id, Now, 10);
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted)));
        Assert.Equal(DomainErrorKind.InvalidState, e.Kind);
        Assert.Equal("该订单已有 {0} 个补发单，已达上限", e.MessageKey);
    }

    [Fact]
    public async Task Create_WhenAnotherReissueCoversTheParcel_IsRefused()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);
        await _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted));
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted)));
        Assert.Equal("该包裹已有补发单覆盖，不能重复补发", e.MessageKey);
    }

    [Fact]
    public async Task Create_WithAnUnknownCourier_IsRefusedBeforeTheOrderIsLookedUp()
    {
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput("261126-000000000000001", ReissueScenario.Intercepted, Carrier: "XYZ")));
        Assert.Equal(DomainErrorKind.Invalid, e.Kind);
        Assert.Equal("carrier", e.Field);
    }

    [Fact]
    public async Task Create_WithAnUnknownSku_IsRefusedAsInvalidBeforeTheOrderIsLookedUp()
    {
        var e = await Refused(() => _service.CreateAsync(new CreateReissueInput("261126-000000000000001", ReissueScenario.Intercepted, [new ItemQuantity("NOPE", 1)])));
        Assert.Equal(DomainErrorKind.Invalid, e.Kind);
        Assert.Equal("未知的商品 SKU：{0}", e.MessageKey);
    }

    [Fact]
    public async Task Create_TwoAtOnceOnOneOrder_OnlyOneCoversTheParcel()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);
        var other = NewService();

        var results = await Task.WhenAll(
            Attempt(() => _service.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted))),
            Attempt(() => other.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted))));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r is { Kind: DomainErrorKind.InvalidState or DomainErrorKind.Conflict });
        await using var db = _db.CreateDbContext();
        Assert.Equal(1, await db.Reissues.CountAsync(r => r.OrderId == order.Id));
    }

    private static async Task<DomainException?> Attempt(Func<Task> action)
    {
        await Task.Yield();
        try { await action(); return null; }
        catch (DomainException e) { return e; }
    }

    [Fact]
    public async Task FindCandidate_ShowsWhichParcelEachSituationReplacesOrWhyNot()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);

        var candidate = await _service.FindCandidateAsync(order.OrderNo);

        var intercepted = candidate.Options.Single(o => o.Scenario == ReissueScenario.Intercepted);
        var returned = candidate.Options.Single(o => o.Scenario == ReissueScenario.DamagedReturned);
        Assert.Equal(order.Shipments[0].TrackingNo, intercepted.Replaces?.TrackingNo);
        Assert.Null(intercepted.RefusalKey);
        Assert.Null(returned.Replaces);
        Assert.Equal("订单没有拒收退回的包裹，不能按破损退回补发", returned.RefusalKey);
    }

    [Fact]
    public async Task Create_BySupport_IsRefused_AndCreatesNothing()
    {
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);
        var settings = Options.Create(new ShopSettings());
        var support = new CreateReissueService(_db, new ReissuePipeline(new ShopClock(_clock, settings.Value.ResolveTimeZone()), settings),
            new WaybillSignal(), TestActors.As(Roles.Support), settings);

        var e = await Refused(() => support.CreateAsync(new CreateReissueInput(order.OrderNo, ReissueScenario.Intercepted)));

        Assert.Equal(DomainErrorKind.Forbidden, e.Kind);
        Assert.Equal("无权执行此操作，需要角色：{0}", e.MessageKey);
        Assert.Equal("店主 / 仓库", e.Arguments[0]);
        await using var db = _db.CreateDbContext();
        Assert.Equal(0, await db.Reissues.CountAsync());
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Settings.Shop;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Settings.Shop;

public sealed class ShopSettingsServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private ShopSettingsStore _store = null!;
    private ShopClock _shopClock = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _store = new ShopSettingsStore(new StaticMonitor(new ShopSettings()), _db);
        _shopClock = new ShopClock(_clock, new ShopSettings().ResolveTimeZone());
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private ShopSettingsService Service(string role = Roles.Admin) => new(_db, _store, _shopClock, TestActors.Of(Actor.Person("店主"), role));

    private static ShopRuleValues Defaults => ShopRuleValues.Of(new ShopSettings());

    [Fact]
    public async Task TheOwnersChange_IsStoredAudited_AndUsedAtOnceForNewReissueDeadlines()
    {
        await Service().SaveAsync(Defaults with { ReissueShipWithinHours = 24, ReshipAnswerHours = 36 });

        Assert.Equal(TimeSpan.FromHours(24), _store.Value.ReissueShipWithin);
        Assert.Equal(TimeSpan.FromHours(36), _store.Value.ReshipAnswerWithin);
        var data = new ReissueFixtures(_db, new ReissuePipeline(_shopClock, _store), _clock);
        var (orderId, _) = await data.InterceptedOrderAsync();
        var reissue = await data.LoadAsync(await data.CreateReissueAsync(orderId));
        Assert.Equal(reissue.CreatedAtUtc.AddHours(24), reissue.ShipByUtc);
        await using var db = _db.CreateDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "settings_changed");
        Assert.Equal("店主", audit.ActorName);
        Assert.Contains("reissueShipWithinHours 48→24", audit.Note);
        Assert.Equal(24, (await db.ShopSettings.SingleAsync()).ReissueShipWithinHours);
        // Another instance (a new store over the same database) reads the stored values.
        Assert.Equal(TimeSpan.FromHours(24), new ShopSettingsStore(new StaticMonitor(new ShopSettings()), _db).Value.ReissueShipWithin);
    }

    [Theory]
    [InlineData("reshipAnswerHours", 0)]
    [InlineData("reshipAnswerHours", 169)]
    [InlineData("maxReissuesPerOrder", 0)]
    [InlineData("reissueShipWithinHours", 200)]
    [InlineData("dueSoonHours", 48)]
    public async Task AValueOutOfRange_IsRefusedNamingTheField_AndNothingChanges(string field, int value)
    {
        var values = field switch
        {
            "reshipAnswerHours" => Defaults with { ReshipAnswerHours = value },
            "maxReissuesPerOrder" => Defaults with { MaxReissuesPerOrder = value },
            "reissueShipWithinHours" => Defaults with { ReissueShipWithinHours = value },
            _ => Defaults with { DueSoonHours = value },
        };

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service().SaveAsync(values));

        Assert.Equal(field, refused.Field);
        await using var db = _db.CreateDbContext();
        Assert.False(await db.ShopSettings.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync());
    }

    [Fact]
    public async Task OnlyTheOwner_ChangesSettings()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => Service(Roles.Warehouse).SaveAsync(Defaults with { MaxReissuesPerOrder = 5 }));

        Assert.Equal(DomainErrorKind.Forbidden, refused.Kind);
        Assert.Equal(10, _store.Value.MaxReissuesPerOrder);
    }

    private sealed class StaticMonitor(ShopSettings value) : IOptionsMonitor<ShopSettings>
    {
        public ShopSettings CurrentValue => value;

        public ShopSettings Get(string? name) => value;

        public IDisposable? OnChange(Action<ShopSettings, string?> listener) => null;
    }
}

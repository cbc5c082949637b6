using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Data.Tallies;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

/// <summary>
/// A set-based save stores what SaveChanges would store, row for row and value for value, with the save-time rules
/// (versions, tallies) applied, and a row someone else changed meanwhile fails the whole save.
/// </summary>
public sealed class SetBasedSaveTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private ReissueFixtures _data = null!;
    private ReissuePipeline _pipeline = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _pipeline = new ReissuePipeline(new ShopClock(_clock, new ShopSettings().ResolveTimeZone()), Options.Create(new ShopSettings()));
        _data = new ReissueFixtures(_db, _pipeline, _clock);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<List<int>> AwaitingReissuesAsync(int count)
    {
        var ids = new List<int>();
        for (var i = 0; i < count; i++) ids.Add((await _data.OrderWithSecondReissueAsync()).Second);
        return ids;
    }

    /// <summary>Ships the reissues by hand in one context, as the upload does, and saves with <paramref name="save"/>.</summary>
    private async Task<Dictionary<int, string>> ShipAsync(IReadOnlyList<int> ids, Func<ReshipDbContext, Task> save)
    {
        await using var db = _db.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        var reissues = await db.Reissues.Include(r => r.Order).Include(r => r.ReshipRequest).Where(r => ids.Contains(r.Id)).ToListAsync();
        var numbers = new Dictionary<int, string>();
        foreach (var reissue in reissues)
        {
            numbers[reissue.Id] = ReissueFixtures.NewNumber(Courier.SF);
            _pipeline.Ship(reissue, Courier.SF, numbers[reissue.Id], Actor.Person("仓库小王"), automatic: false);
        }
        await save(db);
        await tx.CommitAsync();
        return numbers;
    }

    [Fact]
    public async Task ShippedReissues_AreStoredWithTheirParcels_Events_Audit_Feed_AndTallies()
    {
        var ids = await AwaitingReissuesAsync(3);
        await using (var before = _db.CreateDbContext())
            Assert.Equal(3, await before.Reissues.CountAsync(r => ids.Contains(r.Id) && r.Status == ReissueStatus.AwaitingManualTracking));

        var numbers = await ShipAsync(ids, db => db.SaveChangesInSetsAsync());

        await using var check = _db.CreateDbContext();
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var id in ids)
        {
            var reissue = await check.Reissues.AsNoTracking().Include(r => r.Shipment).ThenInclude(s => s!.Events).SingleAsync(r => r.Id == id);
            Assert.Equal(ReissueStatus.Shipped, reissue.Status);
            Assert.Equal(numbers[id], reissue.TrackingNo);
            Assert.Equal("SF", reissue.Carrier);
            Assert.Equal(now, reissue.ShippedAtUtc);
            Assert.Equal(DateTimeKind.Utc, reissue.ShippedAtUtc!.Value.Kind);
            var parcel = Assert.IsType<Shipment>(reissue.Shipment);
            Assert.Equal((reissue.OrderId, numbers[id], ShipmentKind.Reissue, now), (parcel.OrderId, parcel.TrackingNo, parcel.Kind, parcel.CreatedAtUtc));
            var collected = Assert.Single(parcel.Events);
            Assert.Equal((ShipmentStatus.Collected, now), (collected.Status, collected.AtUtc));
            Assert.Single(await check.AuditEntries.Where(a => a.EntityType == "reissue" && a.EntityId == id && a.Action == "shipped").ToListAsync());
            Assert.Single(await check.OutboxEvents.Where(e => e.Type == "reissue.shipped" && e.Subject == $"reissue/{id}").ToListAsync());
        }
        await TallyCheck.AssertKeptEqualsRebuiltAsync(_db, new ShopSettings().ResolveTimeZone());
    }

    [Fact]
    public async Task ItStoresEveryValue_AsSaveChangesStoresIt()
    {
        var ids = await AwaitingReissuesAsync(2);
        await ShipAsync([ids[0]], db => db.SaveChangesAsync());
        await ShipAsync([ids[1]], db => db.SaveChangesInSetsAsync());

        // The stored text of each value (dates included) is the same, whichever way the row was written.
        await using var check = _db.CreateDbContext();
        // Names and conditions are this test's own constants.
        async Task<string> StoredAsync(string table, string column, string where)
        {
            var sql = string.Concat("SELECT CAST(\"", column, "\" AS TEXT) AS \"Value\" FROM \"", table, "\" WHERE ", where);
            return await check.Database.SqlQueryRaw<string>(sql).SingleAsync();
        }
        foreach (var column in new[] { "ShippedAtUtc", "UpdatedAtUtc", "Status", "Carrier" })
            Assert.Equal(await StoredAsync("Reissues", column, $"\"Id\" = {ids[0]}"), await StoredAsync("Reissues", column, $"\"Id\" = {ids[1]}"));
        foreach (var column in new[] { "CreatedAtUtc", "Status", "Kind", "Carrier" })
            Assert.Equal(await StoredAsync("Shipments", column, $"\"ReissueId\" = {ids[0]}"), await StoredAsync("Shipments", column, $"\"ReissueId\" = {ids[1]}"));
        foreach (var column in new[] { "AtUtc", "ActorKind", "ActorName", "FromStatus", "ToStatus" })
            Assert.Equal(await StoredAsync("AuditEntries", column, $"\"EntityId\" = {ids[0]} AND \"Action\" = 'shipped'"),
                await StoredAsync("AuditEntries", column, $"\"EntityId\" = {ids[1]} AND \"Action\" = 'shipped'"));
    }

    [Fact]
    public async Task ARowChangedMeanwhile_FailsTheWholeSave_AndNothingIsKept()
    {
        var ids = await AwaitingReissuesAsync(3);

        var failure = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => ShipAsync(ids, async db =>
        {
            // Someone else saves one of them between the read and the save: its version moves on.
            await db.Reissues.Where(r => r.Id == ids[1]).ExecuteUpdateAsync(u => u.SetProperty(r => r.Version, Guid.NewGuid()));
            await db.SaveChangesInSetsAsync();
        }));

        Assert.Contains("1 of 3", failure.Message);
        await using var check = _db.CreateDbContext();
        Assert.Equal(0, await check.Shipments.CountAsync(s => s.ReissueId != null && ids.Contains(s.ReissueId.Value)));
        Assert.Equal(3, await check.Reissues.CountAsync(r => ids.Contains(r.Id) && r.Status == ReissueStatus.AwaitingManualTracking));
        Assert.Equal(0, await check.AuditEntries.CountAsync(a => a.Action == "shipped" && ids.Contains(a.EntityId)));
        await TallyCheck.AssertKeptEqualsRebuiltAsync(_db, new ShopSettings().ResolveTimeZone());
    }

    [Fact]
    public async Task OutsideATransaction_ItRefusesToStart()
    {
        await using var db = _db.CreateDbContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesInSetsAsync());
    }
}

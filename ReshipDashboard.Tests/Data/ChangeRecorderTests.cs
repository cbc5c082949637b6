using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

/// <summary>
/// The save-time step: what an entity raised becomes its audit entry and feed event in the same save (or in none,
/// when the save fails), also through the set-based save, and a new record is named by its stored key.
/// </summary>
public sealed class ChangeRecorderTests : IAsyncLifetime
{
    private static readonly Actor Staff = Actor.Person("仓库小王");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private ReissueFixtures _data = null!;
    private ReissuePipeline _pipeline = null!;

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _pipeline = new ReissuePipeline(new ShopClock(_clock, new ShopSettings().ResolveTimeZone()), Options.Create(new ShopSettings()));
        _data = new ReissueFixtures(_db, _pipeline, _clock);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<(List<AuditEntry> Audit, List<OutboxEvent> Feed)> RecordedAsync(int reissueId, string action, string type)
    {
        await using var db = _db.CreateDbContext();
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == AuditSubjects.Reissue && a.EntityId == reissueId && a.Action == action).ToListAsync();
        var feed = await db.OutboxEvents.AsNoTracking().Where(e => e.Subject == $"reissue/{reissueId}" && e.Type == type).ToListAsync();
        return (audit, feed);
    }

    [Fact]
    public async Task RaisedEvent_BecomesItsAuditEntryAndFeedEvent_InTheSameSave()
    {
        var (orderNo, _, second) = await _data.OrderWithSecondReissueAsync();
        await using (var db = _db.CreateDbContext())
        {
            var reissue = await db.Reissues.Include(r => r.Order).ThenInclude(o => o.Reissues).SingleAsync(r => r.Id == second);
            reissue.Cancel("买家不要了", Now, by: Staff);
            Assert.IsType<ReissueCancelled>(Assert.Single(((IHasDomainEvents)reissue).Events));
            await db.SaveChangesAsync();
            Assert.Empty(((IHasDomainEvents)reissue).Events);
        }

        var (audit, feed) = await RecordedAsync(second, "cancelled", "reissue.cancelled");
        var entry = Assert.Single(audit);
        Assert.Equal((Staff, Now, "awaiting_manual_tracking", "cancelled", "买家不要了"),
            (entry.Actor, entry.AtUtc, entry.FromStatus, entry.ToStatus, entry.Note));
        var data = JsonDocument.Parse(Assert.Single(feed).DataJson).RootElement;
        Assert.Equal(second, data.GetProperty("reissueId").GetInt32());
        Assert.Equal(orderNo, data.GetProperty("orderNo").GetString());
        Assert.Equal("买家不要了", data.GetProperty("reason").GetString());
        // The subject's common fields are added by the same step.
        Assert.Equal("cancelled", data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task FailedSave_WritesNeitherTheAuditEntryNorTheFeedEvent()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        await using var loser = _db.CreateDbContext();
        var stale = await loser.Reissues.Include(r => r.Order).ThenInclude(o => o.Reissues).SingleAsync(r => r.Id == second);
        await using (var winner = _db.CreateDbContext())
        {
            (await winner.Reissues.SingleAsync(r => r.Id == second)).MarkPrinted(Now);
            await winner.SaveChangesAsync();
        }

        stale.Cancel("买家不要了", Now, by: Staff);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => loser.SaveChangesAsync());

        var (audit, feed) = await RecordedAsync(second, "cancelled", "reissue.cancelled");
        Assert.Empty(audit);
        Assert.Empty(feed);
    }

    [Fact]
    public async Task NewRecord_IsRecordedInTheSameSaveCall_OnceItsKeyIsKnown()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        await using var db = _db.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        var order = await db.Orders.Include(o => o.Items).Include(o => o.Shipments).Include(o => o.Reissues).AsSplitQuery().SingleAsync(o => o.Id == orderId);
        var reissue = await _pipeline.CreateAsync(db, order, new ReissueRequest(ReissueScenario.Intercepted, ReissueSource.Manual), Staff);

        await db.SaveChangesAsync();
        Assert.Empty(((IHasDomainEvents)reissue).Events);
        await tx.CommitAsync();

        var (audit, feed) = await RecordedAsync(reissue.Id, "created", "reissue.created");
        Assert.Equal(orderId, Assert.Single(audit).OrderId);
        Assert.Equal(reissue.Id, JsonDocument.Parse(Assert.Single(feed).DataJson).RootElement.GetProperty("reissueId").GetInt32());
    }

    [Fact]
    public async Task NewRecord_SavedWithoutATransaction_IsRecordedToo()
    {
        var (orderId, _) = await _data.InterceptedOrderAsync();
        await using var db = _db.CreateDbContext();
        var order = await db.Orders.Include(o => o.Items).Include(o => o.Shipments).Include(o => o.Reissues).AsSplitQuery().SingleAsync(o => o.Id == orderId);
        var reissue = await _pipeline.CreateAsync(db, order, new ReissueRequest(ReissueScenario.Intercepted, ReissueSource.Manual), Staff);

        await db.SaveChangesAsync();

        var (audit, feed) = await RecordedAsync(reissue.Id, "created", "reissue.created");
        Assert.Single(audit);
        Assert.Single(feed);
    }

    [Fact]
    public async Task SetBasedSave_WritesTheRaisedEventsRows_WithTheChange()
    {
        var ids = new List<int>();
        for (var i = 0; i < 3; i++) ids.Add((await _data.OrderWithSecondReissueAsync()).Second);
        await using (var db = _db.CreateDbContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            foreach (var reissue in await db.Reissues.Include(r => r.ReshipRequest).Where(r => ids.Contains(r.Id)).ToListAsync())
                _pipeline.Ship(reissue, Courier.SF, ReissueFixtures.NewNumber(Courier.SF), Staff, automatic: false);
            await db.SaveChangesInSetsAsync();
            await tx.CommitAsync();
        }

        foreach (var id in ids)
        {
            var (audit, feed) = await RecordedAsync(id, "shipped", "reissue.shipped");
            Assert.Equal(Staff, Assert.Single(audit).Actor);
            Assert.Equal("shipped", JsonDocument.Parse(Assert.Single(feed).DataJson).RootElement.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task ChangeWithoutAnAuthor_RaisesNothing()
    {
        var (_, _, second) = await _data.OrderWithSecondReissueAsync();
        await using var db = _db.CreateDbContext();
        var reissue = await db.Reissues.SingleAsync(r => r.Id == second);
        reissue.MarkPrinted(Now);
        Assert.Empty(((IHasDomainEvents)reissue).Events);
    }
}

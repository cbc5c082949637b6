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

public sealed class TrackingUploadServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private TrackingUploadService _service = null!;
    private List<ReissueOrder> _waiting = null!;
    private string _usedNumber = null!;

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var settings = Options.Create(new ShopSettings());
        _service = new TrackingUploadService(_db, new ReissuePipeline(new ShopClock(_clock, settings.Value.ResolveTimeZone()), settings), TestActors.Owner());
        var order = await TestData.AddShippedAsync(_db, Now, ShipmentStatus.Intercepted);
        _usedNumber = order.Shipments[0].TrackingNo;
        _waiting = await TestData.AddReissuesAsync(_db, order.Id, Now, 4);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static string Zto(int i) => $"7312345678{i:D4}";

    private async Task<ReissueOrder> Reload(int id)
    {
        await using var db = _db.CreateDbContext();
        return await db.Reissues.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    [Fact]
    public async Task Apply_ValidRows_ShipsEachReissueByNumberOrId()
    {
        UploadRow[] rows =
        [
            new(2, _waiting[0].ReissueNo.ToLowerInvariant(), "中通快递", Zto(1)),
            new(3, _waiting[1].Id.ToString(), "zto", "7312-3456-78 0002"),
        ];

        var report = await _service.ApplyAsync(rows);

        Assert.Equal(2, report.OkCount);
        Assert.Empty(report.Rejected);
        var first = await Reload(_waiting[0].Id);
        Assert.Equal(ReissueStatus.Shipped, first.Status);
        Assert.Equal(Zto(1), first.TrackingNo);
        Assert.Equal(Zto(2), (await Reload(_waiting[1].Id)).TrackingNo);
        await using var db = _db.CreateDbContext();
        Assert.Equal(2, await db.OutboxEvents.CountAsync(e => e.Type == "reissue.shipped"));
        Assert.All(await db.OutboxEvents.Where(e => e.Type == "reissue.shipped").Select(e => e.DataJson).ToListAsync(),
            data => Assert.Matches("\"orderNo\":\"\\d{6}-\\d{15}\"", data));
        var upload = await db.AuditEntries.SingleAsync(a => a.Action == "tracking_upload");
        Assert.Contains("2 行", upload.Note);
    }

    [Fact]
    public async Task Apply_TheSameFileTwice_ChangesNothingTheSecondTime()
    {
        UploadRow[] rows = [new(2, _waiting[0].ReissueNo, "ZTO", Zto(1)), new(3, _waiting[1].ReissueNo, "ZTO", Zto(2))];
        await _service.ApplyAsync(rows);

        var again = await _service.ApplyAsync(rows);

        Assert.Equal(0, again.OkCount);
        Assert.Equal(2, again.UnchangedCount);
        await using var db = _db.CreateDbContext();
        Assert.Equal(2, await db.OutboxEvents.CountAsync(e => e.Type == "reissue.shipped"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "tracking_upload"));
    }

    [Fact]
    public async Task Preview_JudgesEveryRowWithItsReason()
    {
        UploadRow[] rows =
        [
            new(2, "BF261126999999", "ZTO", Zto(1)),
            new(3, _waiting[0].ReissueNo, "ZTO", "SF1234567890123"),
            new(4, _waiting[1].ReissueNo, "ZTO", _usedNumber),
            new(5, _waiting[2].ReissueNo, "顺丰", Zto(5)),
            new(6, _waiting[3].ReissueNo, "ZTO", Zto(6)),
        ];

        var report = await _service.PreviewAsync(rows);

        Assert.Equal(
            [UploadVerdict.UnknownReissue, UploadVerdict.BadFormat, UploadVerdict.UsedElsewhere, UploadVerdict.BadFormat, UploadVerdict.Ok],
            report.Rows.Select(r => r.Verdict));
        Assert.Equal("物流单号不符合{0}的格式，这看起来是{1}的单号", report.Rows[1].ReasonKey);
        Assert.Equal(["中通快递", "顺丰速运"], report.Rows[1].ReasonArgs!);
        Assert.Equal(ReissueStatus.AwaitingManualTracking, (await Reload(_waiting[3].Id)).Status);
    }

    [Fact]
    public async Task Apply_RowsClashingOnOneReissueOrOneNumber_AreAllRefusedAndTheRestApplied()
    {
        UploadRow[] rows =
        [
            new(2, _waiting[0].ReissueNo, "ZTO", Zto(1)),
            new(3, _waiting[0].Id.ToString(), "ZTO", Zto(2)),
            new(4, _waiting[1].ReissueNo, "ZTO", Zto(3)),
            new(5, _waiting[2].ReissueNo, "ZTO", Zto(3)),
            new(6, _waiting[3].ReissueNo, "ZTO", Zto(6)),
        ];

        var report = await _service.ApplyAsync(rows);

        Assert.All(report.Rows.Take(4), r => Assert.Equal(UploadVerdict.DuplicateInUpload, r.Verdict));
        Assert.Equal(UploadVerdict.Ok, report.Rows[4].Verdict);
        Assert.True((await Reload(_waiting[0].Id)).IsAwaitingNumber);
        Assert.Equal(ReissueStatus.Shipped, (await Reload(_waiting[3].Id)).Status);
    }

    [Fact]
    public async Task Apply_ToAReissueThatHasShippedWithAnotherNumber_IsRefusedAsNotWaiting()
    {
        await _service.ApplyAsync([new(2, _waiting[0].ReissueNo, "ZTO", Zto(1))]);

        var report = await _service.ApplyAsync([new(2, _waiting[0].ReissueNo, "ZTO", Zto(9))]);

        Assert.Equal(UploadVerdict.NotAwaitingNumber, report.Rows[0].Verdict);
        Assert.Equal(Zto(1), (await Reload(_waiting[0].Id)).TrackingNo);
    }

    [Fact]
    public async Task Apply_WhenSavingFails_AppliesNone()
    {
        await _db.RefuseAsync("refuse_one", "INSERT", "Shipments", $"NEW.\"TrackingNo\" = '{Zto(3)}'");
        UploadRow[] rows = [new(2, _waiting[0].ReissueNo, "ZTO", Zto(1)), new(3, _waiting[1].ReissueNo, "ZTO", Zto(2)), new(4, _waiting[2].ReissueNo, "ZTO", Zto(3))];

        await Assert.ThrowsAsync<DbUpdateException>(() => _service.ApplyAsync(rows));

        foreach (var r in _waiting) Assert.True((await Reload(r.Id)).IsAwaitingNumber);
        await using var check = _db.CreateDbContext();
        Assert.Equal(0, await check.OutboxEvents.CountAsync(e => e.Type == "reissue.shipped"));
        Assert.Equal(1, await check.Shipments.CountAsync());
    }

    [Fact]
    public async Task Apply_BySupport_IsRefused_AndShipsNothing()
    {
        var settings = Options.Create(new ShopSettings());
        var support = new TrackingUploadService(_db, new ReissuePipeline(new ShopClock(_clock, settings.Value.ResolveTimeZone()), settings),
            TestActors.As(Roles.Support));

        var e = await Assert.ThrowsAsync<DomainException>(() => support.ApplyAsync([new(2, _waiting[0].ReissueNo, "中通快递", Zto(1))]));

        Assert.Equal(DomainErrorKind.Forbidden, e.Kind);
        Assert.Equal("店主 / 仓库", e.Arguments[0]);
        Assert.Null((await Reload(_waiting[0].Id)).TrackingNo);
    }
}

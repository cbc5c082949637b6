using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Tests.Api;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.AfterSales.ReshipRequests;

public sealed class ReshipDeadlineTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public Task InitializeAsync() => StartAsync(null);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task StartAsync(IDictionary<string, string?>? settings)
    {
        if (_app is not null) await _app.DisposeAsync();
        // The e-waybill service answers a day after it is asked: moving the clock by minutes or days here must not
        // also ship the reissue an approval creates, so each test sees the request's own step.
        var all = new Dictionary<string, string?> { ["Waybill:DelayMilliseconds"] = "86400000" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        _app = new TestApp(settings: all);
        _ = _app.Server.BaseAddress;
    }

    private ReshipDeadlineService Deadlines => _app.Services.GetRequiredService<ReshipDeadlineService>();

    [Fact]
    public async Task PendingRequest_NotAnsweredIn48Hours_IsApprovedBySystemWithItsReissue()
    {
        var id = await SubmitAsync();
        _app.Clock.Advance(TimeSpan.FromHours(47));
        await Deadlines.RunDueAsync();
        Assert.Equal(ReshipStatus.Pending, (await LoadAsync(id)).Status);

        _app.Clock.Advance(TimeSpan.FromHours(1));
        await Deadlines.RunDueAsync();
        var request = await LoadAsync(id);
        Assert.Equal(ReshipStatus.Approved, request.Status);
        Assert.NotNull(request.Reissue);
        await AssertDoneBySystemAsync(id, "approved");
    }

    [Fact]
    public async Task PendingRequest_WhenSettingSaysEscalate_GoesToPlatformReview()
    {
        await StartAsync(new Dictionary<string, string?> { ["Shop:OverdueReshipAction"] = "Escalate" });
        var id = await SubmitAsync();
        _app.Clock.Advance(TimeSpan.FromHours(48));
        await Deadlines.RunDueAsync();
        var request = await LoadAsync(id);
        Assert.Equal(ReshipStatus.PlatformReview, request.Status);
        Assert.Null(request.Reissue);
        await AssertDoneBySystemAsync(id, "escalated");
    }

    [Fact]
    public async Task Rejection_NotEscalatedIn7Days_ClosesWithItsAfterSale()
    {
        var id = await SubmitAsync();
        var api = _app.CreateApiClient();
        (await api.PostAsJsonAsync($"/api/v1/merchant/reship-requests/{id}/reject", new { reasonCode = "other", note = "不符合条件" })).EnsureSuccessStatusCode();
        _app.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await Deadlines.RunDueAsync();
        Assert.Equal(ReshipStatus.Rejected, (await LoadAsync(id)).Status);

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Deadlines.RunDueAsync();
        var request = await LoadAsync(id);
        Assert.Equal(ReshipStatus.Closed, request.Status);
        Assert.Equal(AfterSaleStatus.Closed, request.AfterSale.Status);
        await AssertDoneBySystemAsync(id, "auto_closed");
        await using var db = await _app.Db.CreateDbContextAsync();
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "reship_request.closed" && e.Subject == $"reship_request/{id}"));
    }

    [Fact]
    public async Task ShippedRequest_NotConfirmedIn10Days_CompletesAutomatically()
    {
        var id = await SubmitAsync();
        var api = _app.CreateApiClient();
        var approved = JsonDocument.Parse(await (await api.PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null)).Content.ReadAsStringAsync()).RootElement;
        await ReshipRequestsApiTests.ShipReissueAsync(_app, approved.GetProperty("reissueId").GetInt32());
        Assert.Equal(ReshipStatus.Shipped, (await LoadAsync(id)).Status);

        _app.Clock.Advance(TimeSpan.FromDays(10));
        await Deadlines.RunDueAsync();
        var request = await LoadAsync(id);
        Assert.Equal(ReshipStatus.Completed, request.Status);
        Assert.Equal(AfterSaleStatus.Closed, request.AfterSale.Status);
        await AssertDoneBySystemAsync(id, "auto_completed");
    }

    [Fact]
    public async Task HostedTimer_ActsOnItsOwnWhenTheClockPassesTheDeadline()
    {
        var id = await SubmitAsync();
        _app.Clock.Advance(TimeSpan.FromHours(49));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await LoadAsync(id)).Status == ReshipStatus.Pending)
        {
            // The timer fires on the fake clock; keep nudging it by one period until the job has run.
            _app.Clock.Advance(ReshipDeadlineService.Interval);
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
        Assert.Equal(ReshipStatus.Approved, (await LoadAsync(id)).Status);
    }

    private async Task<int> SubmitAsync()
    {
        var orderNo = await TestData.CreateOrderAsync(_app.Db, _app.Clock.GetUtcNow().UtcDateTime);
        var response = await _app.CreateApiClient().PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
    }

    private async Task<ReshipRequest> LoadAsync(int id)
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        return await db.ReshipRequests.AsNoTracking().Include(r => r.AfterSale).Include(r => r.Reissue).SingleAsync(r => r.Id == id);
    }

    private async Task AssertDoneBySystemAsync(int id, string action)
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.EntityType == AuditSubjects.ReshipRequest && a.EntityId == id && a.Action == action);
        Assert.Equal(ActorKind.System, entry.ActorKind);
        Assert.Equal("系统", entry.ActorName);
    }
}

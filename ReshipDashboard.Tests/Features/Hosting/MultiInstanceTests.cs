using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReshipDashboard.Domain.Accounts;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Hosting;

/// <summary>
/// Two instances of the app on one database (PostgreSQL in the PostgreSQL run, one SQLite file otherwise), with
/// one clock and one e-waybill service: whatever both do at once happens exactly once.
/// </summary>
public sealed class MultiInstanceTests : IAsyncLifetime
{
    private readonly CountingWaybillProvider _waybill = new();
    private TestApp _a = null!;
    private TestApp _b = null!;

    public Task InitializeAsync()
    {
        _a = new TestApp(settings: new Dictionary<string, string?> { ["Database:ChangePollMilliseconds"] = "1000" }, configure: services =>
        {
            services.RemoveAll<IWaybillProvider>();
            services.AddSingleton<IWaybillProvider>(_waybill);
        });
        _ = _a.Server.BaseAddress; // migrates; the second instance then finds the database ready
        _b = _a.SecondInstance();
        _ = _b.Server.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _a.DisposeAsync();

    [Fact]
    public async Task TwentyApprovals_SplitAcrossBothInstances_OneWinsAndOneReissueIsCreated()
    {
        var id = await SubmitAsync(_a);
        HttpClient[] clients = [_a.CreateApiClient(), _b.CreateApiClient()];

        var answers = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => clients[i % 2].PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        await using var db = await _a.Db.CreateDbContextAsync();
        var request = await db.ReshipRequests.AsNoTracking().SingleAsync(r => r.Id == id);
        Assert.Equal(1, await db.Reissues.CountAsync(r => r.OrderId == request.OrderId));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityType == AuditSubjects.ReshipRequest && a.EntityId == id && a.Action == "approved"));
        Assert.Equal(1, await db.OutboxEvents.CountAsync(e => e.Type == "reship_request.approved" && e.Subject == $"reship_request/{id}"));
    }

    [Fact]
    public async Task FiftyOverdueRequests_WithBothInstancesDeadlineJobs_AreEachApprovedOnce()
    {
        var ids = new List<int>();
        for (var i = 0; i < 50; i++) ids.Add(await SubmitAsync(i % 2 == 0 ? _a : _b));
        _a.Clock.Advance(TimeSpan.FromHours(49)); // also ticks both instances' own deadline timers

        await Task.WhenAll(Deadlines(_a).RunDueAsync(), Deadlines(_b).RunDueAsync(), Deadlines(_a).RunDueAsync(), Deadlines(_b).RunDueAsync());
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var check = await _a.Db.CreateDbContextAsync();
            return await check.ReshipRequests.CountAsync(r => ids.Contains(r.Id) && r.Status == ReshipStatus.Pending) == 0;
        }, "every overdue request approved");

        await using var db = await _a.Db.CreateDbContextAsync();
        var approvals = await db.AuditEntries.Where(a => a.EntityType == AuditSubjects.ReshipRequest && a.Action == "approved")
            .GroupBy(a => a.EntityId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(50, approvals.Count);
        Assert.All(approvals, n => Assert.Equal(1, n));
        Assert.Equal(50, await db.OutboxEvents.CountAsync(e => e.Type == "reship_request.approved"));
        Assert.Equal(50, await db.Reissues.CountAsync());
    }

    [Fact]
    public async Task FirstReissues_WithBothInstancesDispatchers_GetExactlyOneWaybillRequestEach()
    {
        for (var i = 0; i < 12; i++)
        {
            var id = await SubmitAsync(i % 2 == 0 ? _a : _b);
            (await (i % 2 == 0 ? _b : _a).CreateApiClient().PostAsync($"/api/v1/merchant/reship-requests/{id}/approve", null)).EnsureSuccessStatusCode();
        }

        await Task.WhenAll(Dispatcher(_a).RunOnceAsync(), Dispatcher(_b).RunOnceAsync(), Dispatcher(_a).RunOnceAsync(), Dispatcher(_b).RunOnceAsync());
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var check = await _a.Db.CreateDbContextAsync();
            return await check.Reissues.CountAsync(r => r.Status == ReissueStatus.Shipped) == 12;
        }, "every first reissue shipped");

        await using var db = await _a.Db.CreateDbContextAsync();
        var numbers = await db.Reissues.Select(r => r.ReissueNo).ToListAsync();
        Assert.Equal(numbers.Order(), _waybill.Requests.Keys.Order());
        Assert.All(_waybill.Requests, r => Assert.Equal(1, r.Value));
        Assert.Equal(12, await db.AuditEntries.CountAsync(a => a.EntityType == AuditSubjects.Reissue && a.Action == "shipped"));
        Assert.Equal(12, await db.OutboxEvents.CountAsync(e => e.Type == "reissue.shipped"));
    }

    [Fact]
    public async Task ApiReplay_OnTheOtherInstance_AnswersTheStoredResponse()
    {
        var orderNo = await TestData.CreateOrderAsync(_a.Db, _a.Clock.GetUtcNow().UtcDateTime);
        var first = await PostWithKeyAsync(_a, orderNo, "replay-across-instances");
        var replay = await PostWithKeyAsync(_b, orderNo, "replay-across-instances");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(first.StatusCode, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        await using var db = await _a.Db.CreateDbContextAsync();
        Assert.Equal(1, await db.ReshipRequests.CountAsync(r => r.Order.OrderNo == orderNo));
    }

    [Fact]
    public async Task RequestSubmittedThroughOneInstance_ReachesTheOtherInstancesOpenQueues()
    {
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        _b.Services.GetRequiredService<ReshipRequestChanges>().Changed += change => seen.Add(change.RequestId);

        var id = await SubmitAsync(_a);

        await Eventually.WaitUntilAsync(() => Task.FromResult(seen.Contains(id)), "instance B told of the request submitted on A");
    }

    [Fact]
    public async Task SignInOnOneInstance_IsValidOnTheOther()
    {
        await _a.EnsureAccountsAsync();
        var signIn = await TestApp.SignInAsync(_a.CreateClient(new() { AllowAutoRedirect = false }), "admin", TestApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Reship.Auth=", StringComparison.Ordinal)).Split(';')[0];

        var other = _b.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var page = await other.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task AccountLockedOnOneInstance_EndsItsSessionsOnTheOther()
    {
        await _a.EnsureAccountsAsync();
        var signIn = await TestApp.SignInAsync(_a.CreateClient(new() { AllowAutoRedirect = false }), "warehouse", TestApp.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Reship.Auth=", StringComparison.Ordinal)).Split(';')[0];
        var other = _b.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(other, cookie)).StatusCode);
        var revoked = new System.Collections.Concurrent.ConcurrentBag<string>();
        _b.Services.GetRequiredService<SessionRevocations>().Revoked += revoked.Add;
        await _b.Services.GetRequiredService<SessionStampWatcher>().PollAsync(); // where the stamps stand before the lock

        int userId;
        await using (var scope = _a.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
            var user = await users.FindByNameAsync("warehouse") ?? throw new InvalidOperationException("no warehouse account");
            userId = user.Id;
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(user);
        }

        // Open circuits on B: told within about a second, by B's own watcher.
        await Eventually.WaitUntilAsync(() => Task.FromResult(revoked.Contains(userId.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            "instance B told that the account was locked on A");
        // The next page request on B: refused at once (the stamp is checked once any time has passed since sign-in).
        _a.Clock.Advance(TimeSpan.FromSeconds(1));
        var page = await GetWithCookieAsync(other, cookie);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/warehouse/orders");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static ReshipDeadlineService Deadlines(TestApp app) => app.Services.GetRequiredService<ReshipDeadlineService>();

    private static WaybillDispatcher Dispatcher(TestApp app) => app.Services.GetRequiredService<WaybillDispatcher>();

    private static async Task<int> SubmitAsync(TestApp app)
    {
        var orderNo = await TestData.CreateOrderAsync(app.Db, app.Clock.GetUtcNow().UtcDateTime);
        var response = await app.CreateApiClient().PostAsJsonAsync("/api/v1/reship-requests", TestData.Body(orderNo));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(TestApp app, string orderNo, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reship-requests") { Content = JsonContent.Create(TestData.Body(orderNo)) };
        request.Headers.Add("Idempotency-Key", key);
        return await app.CreateApiClient().SendAsync(request);
    }
}

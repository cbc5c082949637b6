using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Home;
using ReshipDashboard.Features.Reports;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Benchmarks;

/// <summary>
/// The app's own services over the large shop (the app composed as it runs, without serving), and every read
/// the figures are taken of, by name.
/// </summary>
public sealed class ShopOperations : IDisposable
{
    public const int Deep = 1000;
    private static ShopOperations? _current;

    private readonly WebApplicationFactory<Program> _app;
    private readonly Dictionary<string, Func<IServiceProvider, Task>> _operations = [];

    private ShopOperations(string databasePath)
    {
        DatabasePath = databasePath;
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("environment", "Production");
            b.UseSetting("ConnectionStrings:Default", LargeShop.ConnectionString(databasePath));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in Settings) b.UseSetting(key, value);
            // The reads are measured alone: the app's background jobs (deadlines, e-waybills, the change watcher)
            // would otherwise write to the shop and take the CPU in the middle of a measurement. The account start-up
            // is left out too: in Production it locks the demo accounts the memory run signs in with.
            b.ConfigureServices(services =>
            {
                foreach (var job in services.Where(d => d.ServiceType == typeof(IHostedService) && IsBackgroundJob(d)).ToList())
                    services.Remove(job);
            });
        });
        _ = _app.Services; // starts the host: migrations applied
        Build();
    }

    public string DatabasePath { get; }

    private static bool IsBackgroundJob(ServiceDescriptor job) =>
        job.ImplementationFactory is not null
        || job.ImplementationType?.Assembly == typeof(Program).Assembly && job.ImplementationType != typeof(DatabaseStartup);

    /// <summary>The composed app's services (the writes take their own scopes).</summary>
    public IServiceProvider Services => _app.Services;

    public static string Path { get; set; } = "/tmp/reship-bench/large.db";

    /// <summary>Further host settings (the probe turns EF's query log on).</summary>
    public static Dictionary<string, string> Settings { get; } = [];

    public static ShopOperations Current => _current ??= new ShopOperations(Path);

    /// <summary>Stops the current host; the next <see cref="Current"/> composes the app again over <see cref="Path"/>.</summary>
    public static void Close()
    {
        _current?.Dispose();
        _current = null;
    }

    /// <summary>The names of every measured read, in the order of the results table.</summary>
    public static IEnumerable<string> Names()
    {
        yield return "lookup: order number";
        yield return "lookup: tracking number";
        yield return "lookup: phone tail";
        yield return "lookup: GET order (API read)";
        yield return "API GET orders: first page";
        yield return "API GET orders?shipmentStatus=intercepted: first page";
        yield return "API GET reship-requests?status=pending: first page";
        yield return "仓配订单: first page";
        yield return $"仓配订单: page {Deep} (keyset)";
        yield return "仓配订单: 待补发 first page + count";
        foreach (var tab in ReissueTabs.Order)
            foreach (var deep in new[] { false, true })
                yield return $"补发订单 {Tab(tab)}: created desc, {(deep ? $"page {Deep}" : "first page")}";
        foreach (var tab in new ReissueStatus?[] { null, ReissueStatus.AwaitingManualTracking })
            foreach (var sort in Enum.GetValues<ReissueSort>().Where(s => s != ReissueSort.CreatedAt))
                foreach (var deep in new[] { false, true })
                    yield return $"补发订单 {Tab(tab)}: {sort} desc, {(deep ? $"page {Deep}" : "first page")}";
        foreach (var status in Enum.GetValues<ReshipStatus>())
            foreach (var deep in new[] { false, true })
                yield return $"补寄申请 {status}: {(deep ? $"page {Deep}" : "first page")} + tab counts";
        yield return "count: 补发订单 tab counts";
        yield return "count: home page (all counts + today)";
    }

    /// <summary>The reports (seconds, not microseconds, at this size: timed by <see cref="ReportTimings"/>).</summary>
    public static IEnumerable<string> ReportNames()
    {
        foreach (var (label, _) in ReportPeriods)
            yield return $"报表 补发损耗: {label}";
        foreach (var (label, _) in ReportPeriods)
            yield return $"报表 补寄时效: {label}";
    }

    /// <summary>The periods timed: the default, this month, and 90 days (the large seed's whole history).</summary>
    private static readonly (string Label, Func<DateOnly, ReportPeriod> Of)[] ReportPeriods =
    [
        ("Last30Days", today => ReportPeriod.Of(PeriodKind.Last30Days, today)),
        ("ThisMonth", today => ReportPeriod.Of(PeriodKind.ThisMonth, today)),
        ("Custom, 90 days", today => ReportPeriod.Of(PeriodKind.Custom, today, today.AddDays(-89), today)),
    ];

    private static string Tab(ReissueStatus? status) => status?.ToString() ?? "全部";

    public async Task RunAsync(string name)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await _operations[name](scope.ServiceProvider);
    }

    private void Build()
    {
        using var connection = new SqliteConnection(LargeShop.ConnectionString(DatabasePath));
        connection.Open();
        string Scalar(string sql)
        {
            using var c = connection.CreateCommand();
            c.CommandText = sql;
            return Convert.ToString(c.ExecuteScalar(), CultureInfo.InvariantCulture)!;
        }
        var orderId = Scalar("SELECT Id FROM Orders WHERE Id = (SELECT MAX(Id) / 2 FROM Orders)");
        var orderNo = Scalar($"SELECT OrderNo FROM Orders WHERE Id = {orderId}");
        var tracking = Scalar($"SELECT TrackingNo FROM Shipments WHERE OrderId = {orderId} LIMIT 1");
        var phoneTail = Scalar($"SELECT b.PhoneLast4 FROM Orders o JOIN Buyers b ON b.Id = o.BuyerId WHERE o.Id = {orderId}");
        // Page 1,000's last row (or the last row of a smaller shop).
        var deepOffset = Math.Min(Deep * 20 - 1, int.Parse(Scalar("SELECT COUNT(*) FROM Orders"), CultureInfo.InvariantCulture) - 1);
        var deepPaid = DateTime.SpecifyKind(DateTime.Parse(Scalar($"SELECT PaidAtUtc FROM Orders ORDER BY PaidAtUtc DESC, Id DESC LIMIT 1 OFFSET {deepOffset}"), CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var deepId = int.Parse(Scalar($"SELECT Id FROM Orders ORDER BY PaidAtUtc DESC, Id DESC LIMIT 1 OFFSET {deepOffset}"), CultureInfo.InvariantCulture);

        var names = Names().Concat(ReportNames()).GetEnumerator();
        void Add(Func<IServiceProvider, Task> run)
        {
            names.MoveNext();
            _operations[names.Current] = run;
        }
        Add(sp => sp.GetRequiredService<OrderService>().SearchAsync(new OrderQuery(orderNo)));
        Add(sp => sp.GetRequiredService<OrderService>().SearchAsync(new OrderQuery(tracking)));
        Add(sp => sp.GetRequiredService<OrderService>().SearchAsync(new OrderQuery(phoneTail)));
        Add(sp => sp.GetRequiredService<OrderIntakeService>().FindAsync(orderNo));
        Add(sp => sp.GetRequiredService<OrderIntakeService>().ListAsync(null, 0, 21));
        Add(sp => sp.GetRequiredService<OrderIntakeService>().ListAsync(Domain.Shipments.ShipmentStatus.Intercepted, 0, 21));
        Add(sp => sp.GetRequiredService<ReshipQueryService>().ListAsync(new ReshipListQuery(ReshipStatus.Pending, null, null, 20, null)));
        Add(sp => sp.GetRequiredService<OrderService>().SearchAsync(new OrderQuery()));
        Add(sp => sp.GetRequiredService<OrderService>().SearchAsync(new OrderQuery(After: new OrderCursor(deepPaid, deepId))));
        Add(sp => sp.GetRequiredService<OrderService>().SearchAsync(new OrderQuery(NeedsReissueOnly: true)));
        foreach (var tab in ReissueTabs.Order)
            foreach (var page in new[] { 0, Deep })
                Add(sp => sp.GetRequiredService<ReissueService>().SearchAsync(new ReissueQuery(new ReissueFilter(), tab, page)));
        foreach (var tab in new ReissueStatus?[] { null, ReissueStatus.AwaitingManualTracking })
            foreach (var sort in Enum.GetValues<ReissueSort>().Where(s => s != ReissueSort.CreatedAt))
                foreach (var page in new[] { 0, Deep })
                    Add(sp => sp.GetRequiredService<ReissueService>().SearchAsync(new ReissueQuery(new ReissueFilter(), tab, page, 20, sort, true)));
        foreach (var status in Enum.GetValues<ReshipStatus>())
            foreach (var page in new[] { 0, Deep })
                Add(sp => sp.GetRequiredService<ReshipQueryService>().QueueAsync(new ReshipQueueQuery(status, Page: page)));
        Add(sp => sp.GetRequiredService<ReissueService>().CountAsync(new ReissueFilter()));
        Add(sp => sp.GetRequiredService<DashboardService>().GetAsync());
        var today = _app.Services.GetRequiredService<ShopClock>().Today;
        foreach (var (_, of) in ReportPeriods)
            Add(sp => AsOwner(sp).GetRequiredService<ReissueCostReportService>().BuildAsync(of(today)));
        foreach (var (_, of) in ReportPeriods)
            Add(sp => AsOwner(sp).GetRequiredService<ReshipSlaReportService>().BuildAsync(of(today)));
    }

    /// <summary>The reports demand the owner's permission: the scope acts as the system, which passes every check.</summary>
    private static IServiceProvider AsOwner(IServiceProvider services)
    {
        services.GetRequiredService<CurrentActor>().Actor = Actor.System;
        return services;
    }

    public void Dispose() => _app.Dispose();
}

using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Home;
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
        });
        _ = _app.Services; // starts the host: migrations applied
        Build();
    }

    public string DatabasePath { get; }

    public static string Path { get; set; } = "/tmp/reship-bench/large.db";

    public static ShopOperations Current => _current ??= new ShopOperations(Path);

    /// <summary>The names of every measured read, in the order of the results table.</summary>
    public static IEnumerable<string> Names()
    {
        yield return "lookup: order number";
        yield return "lookup: tracking number";
        yield return "lookup: phone tail";
        yield return "lookup: GET order (API read)";
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

    private static string Tab(ReissueStatus? status) => status?.ToString() ?? "全部";

    public Task RunAsync(string name)
    {
        using var scope = _app.Services.CreateScope();
        return _operations[name](scope.ServiceProvider);
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
        var deepPaid = DateTime.SpecifyKind(DateTime.Parse(Scalar($"SELECT PaidAtUtc FROM Orders ORDER BY PaidAtUtc DESC, Id DESC LIMIT 1 OFFSET {Deep * 20 - 1}"), CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var deepId = int.Parse(Scalar($"SELECT Id FROM Orders ORDER BY PaidAtUtc DESC, Id DESC LIMIT 1 OFFSET {Deep * 20 - 1}"), CultureInfo.InvariantCulture);

        var names = Names().GetEnumerator();
        void Add(Func<IServiceProvider, Task> run)
        {
            names.MoveNext();
            _operations[names.Current] = run;
        }
        Add(sp => sp.GetRequiredService<OrderService>().SearchAsync(new OrderQuery(orderNo)));
        Add(sp => sp.GetRequiredService<OrderService>().SearchAsync(new OrderQuery(tracking)));
        Add(sp => sp.GetRequiredService<OrderService>().SearchAsync(new OrderQuery(phoneTail)));
        Add(sp => sp.GetRequiredService<OrderIntakeService>().FindAsync(orderNo));
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
                Add(sp => sp.GetRequiredService<ReshipRequestService>().QueueAsync(new ReshipQueueQuery(status, Page: page)));
        Add(sp => sp.GetRequiredService<ReissueService>().CountAsync(new ReissueFilter()));
        Add(sp => sp.GetRequiredService<DashboardService>().GetAsync());
    }

    public void Dispose() => _app.Dispose();
}

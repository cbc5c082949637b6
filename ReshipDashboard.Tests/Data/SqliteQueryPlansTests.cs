using ReshipDashboard.Data;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

/// <summary>The SQLite plan check's rule for subqueries read whole before a sort, on statements written out.</summary>
public sealed class SqliteQueryPlansTests : IAsyncLifetime
{
    private readonly TestApp _app = new(provider: DatabaseProvider.Sqlite);
    private SqliteQueryPlans _plans = null!;

    public async Task InitializeAsync()
    {
        await _app.SeedDemoShopAsync(orders: 50);
        await using var db = await _app.Db.CreateDbContextAsync();
        _plans = (SqliteQueryPlans)QueryPlanRecorder.For(db);
    }

    public async Task DisposeAsync()
    {
        _plans.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public void ASubqueryReadOverItsWholeRange_ThenSorted_IsFound()
    {
        var problems = _plans.FullScans(
            "SELECT * FROM (SELECT DISTINCT \"s\".\"OrderId\" FROM \"Shipments\" AS \"s\" WHERE \"s\".\"Status\" = 'Delivered' AND \"s\".\"OrderId\" > 5) AS \"d\" "
            + "ORDER BY \"d\".\"OrderId\" DESC LIMIT 20", []);

        Assert.Contains(problems, p => p.Contains("(whole range, sorted afterwards)", StringComparison.Ordinal));
    }

    [Fact]
    public void OneRowByItsUniqueKey_WithItsJoinedRowsSorted_IsNotAWholeRange()
    {
        var problems = _plans.FullScans(
            "SELECT * FROM (SELECT \"o\".\"Id\" FROM \"Orders\" AS \"o\" WHERE \"o\".\"OrderNo\" = 'X' LIMIT 1) AS \"s0\" "
            + "LEFT JOIN \"Shipments\" AS \"s\" ON \"s0\".\"Id\" = \"s\".\"OrderId\" ORDER BY \"s0\".\"Id\", \"s\".\"Id\"", []);

        Assert.Empty(problems);
    }
}

using ReshipDashboard.Tests.Data;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// A demo shop shared by a test class's cases, with a recorder of the statements EF sends to it (and the engine's plans
/// for them).
/// </summary>
public abstract class RecordedDemoShop(int orders) : IAsyncLifetime
{
    public TestApp App { get; } = new();

    public QueryPlanRecorder Statements { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Listening before the first command: a pooled context remembers for a second (EF's logging cache)
        // that nobody listened, and would not report the first case's statements.
        await using (var db = await App.Db.CreateDbContextAsync())
            Statements = QueryPlanRecorder.For(db);
        await App.SeedDemoShopAsync(orders: orders);
        // An API call runs in the caller's flow, so that the recorder tells its statements from the background
        // services' (set before the first client is made: each client's handler takes it then).
        App.Server.PreserveExecutionContext = true;
    }

    public async Task DisposeAsync()
    {
        Statements.Dispose();
        await App.DisposeAsync();
    }
}

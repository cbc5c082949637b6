using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

/// <summary>A compiled query's collection argument goes to the database as one parameter, and reads what EF's default reads.</summary>
public sealed class OneCollectionParameterTests : IAsyncLifetime
{
    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<OrderItem>>> AsOne = new(() =>
        EF.CompileAsyncQuery(OneCollectionParameter.For<ReshipDbContext, int[], IQueryable<OrderItem>>((db, ids) =>
            db.OrderItems.AsNoTracking().Where(i => ids.Contains(i.OrderId)).OrderBy(i => i.Id))));

    private static readonly Compiled<Func<ReshipDbContext, int[], IAsyncEnumerable<OrderItem>>> OnePerElement = new(() =>
        EF.CompileAsyncQuery<ReshipDbContext, int[], OrderItem>((db, ids) =>
            db.OrderItems.AsNoTracking().Where(i => ids.Contains(i.OrderId)).OrderBy(i => i.Id)));

    private readonly CommandCapture _commands = new();
    private TestDatabase _database = null!;
    private List<int> _orderIds = [];

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var now = new DateTime(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);
        await using var db = _database.CreateDbContext();
        var orders = Enumerable.Range(1, 6).Select(o => new Order($"261120-80000000000000{o}", new Buyer("测试", "13800001234"),
            new Address("测试", "13800001234", "浙江省", "杭州市", "西湖区", "文三路 100 号"),
            Enumerable.Range(1, o % 3 + 1).Select(i => new OrderItem($"SKU-{i}", "测试商品", i, 1000)).ToList(), now, now)).ToList();
        db.Orders.AddRange(orders);
        await db.SaveChangesAsync();
        _orderIds = orders.Select(o => o.Id).ToList();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task ReadsTheRowsThatOneParameterPerElementReads()
    {
        int[][] idSets = [[], [_orderIds[0]], [_orderIds[1], _orderIds[3], _orderIds[5]], [.. _orderIds, 999_999], [_orderIds[2], _orderIds[2]]];
        await using var db = Context();
        foreach (var ids in idSets)
        {
            var read = await ItemIdsAsync(AsOne.For(db)(db, ids));
            var expected = await ItemIdsAsync(OnePerElement.For(db)(db, ids));

            Assert.Equal(expected, read);
            Assert.Equal(ids.Length == 0 ? 0 : ids.Where(_orderIds.Contains).Distinct().Sum(id => (_orderIds.IndexOf(id) + 1) % 3 + 1), read.Count);
        }
    }

    [Fact]
    public async Task SendsOneParameter_InTheSameStatementWhateverTheNumberOfElements()
    {
        await using var db = Context();
        foreach (var count in new[] { 1, 3, 6 })
        {
            await ItemIdsAsync(AsOne.For(db)(db, _orderIds.Take(count).ToArray()));
        }
        var asOne = _commands.Take();
        // EF's default on SQLite sends one parameter per element (padded past five), its SQL built again on each call;
        // PostgreSQL's provider already sends an array as one parameter.
        await ItemIdsAsync(OnePerElement.For(db)(db, _orderIds.Take(3).ToArray()));
        var perElement = Assert.Single(_commands.Take());

        Assert.Equal(3, asOne.Count);
        Assert.All(asOne, c => Assert.Equal(1, c.Parameters));
        Assert.Single(asOne.Select(c => c.Text).Distinct());
        Assert.Contains(TestProvider.IsPostgres ? "= ANY (" : "json_each(", asOne[0].Text);
        Assert.Equal(TestProvider.IsPostgres ? 1 : 3, perElement.Parameters);
    }

    private ReshipDbContext Context() => new(new DbContextOptionsBuilder<ReshipDbContext>()
        .UseReshipDatabase(_database.Provider, _database.ConnectionString).AddInterceptors(_commands).Options);

    private static async Task<List<int>> ItemIdsAsync(IAsyncEnumerable<OrderItem> items)
    {
        var ids = new List<int>();
        await foreach (var item in items) ids.Add(item.Id);
        return ids;
    }

    private sealed class CommandCapture : DbCommandInterceptor
    {
        private readonly List<(string Text, int Parameters)> _seen = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (_seen) _seen.Add((command.CommandText, command.Parameters.Count));
            return ValueTask.FromResult(result);
        }

        public List<(string Text, int Parameters)> Take()
        {
            lock (_seen)
            {
                var taken = _seen.ToList();
                _seen.Clear();
                return taken;
            }
        }
    }
}

using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

#pragma warning disable EF9100 // the processor and the executor's tree are what is checked here
/// <summary>
/// A compiled query's nested lambdas (its shaper, each collection's row shaper and fix-up) are compiled once, as
/// constants, unless they use something from around them.
/// </summary>
public sealed class ClosedLambdaCompilerTests : IAsyncLifetime
{
    private readonly TestApp _app = new();

    public Task InitializeAsync() => _app.SeedDemoShopAsync(orders: 20);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task TheAppsContexts_UseIt()
    {
        await using var db = await _app.Db.CreateDbContextAsync();

        Assert.IsType<ClosedLambdaCompiler>(db.GetService<ILiftableConstantProcessor>());
    }

    [Fact]
    public async Task AWholeOrderRead_KeepsNoLambdaButItsExecutor()
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        var executor = WholeOrdersExecutor(db);
        // EF's own processor leaves the shaper and the collections' shapers and fix-ups as lambdas: the check can fail.
        var efOwn = new RelationalLiftableConstantProcessor(
            db.GetService<ShapedQueryCompilingExpressionVisitorDependencies>(),
            db.GetService<RelationalShapedQueryCompilingExpressionVisitorDependencies>(),
            db.GetService<Microsoft.EntityFrameworkCore.Storage.RelationalCommandBuilderDependencies>());

        var before = Lambdas(efOwn.InlineConstants(executor, supportsPrecompiledQuery: false));
        var after = Lambdas(db.GetService<ILiftableConstantProcessor>().InlineConstants(executor, supportsPrecompiledQuery: false));

        Assert.True(before > 4, $"EF's tree had {before} lambdas");
        Assert.Equal(1, after);
    }

    [Fact]
    public async Task AWholeOrderRead_ReadsTheSameOrderAsWithoutIt()
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        var orders = await Include(db.Orders.AsNoTracking()).OrderBy(o => o.Id).ToListAsync();
        // The service put back as EF has it, to read the same orders without the compiler.
        var options = new DbContextOptionsBuilder<ReshipDbContext>().UseReshipDatabase(_app.Provider, db.Database.GetConnectionString()!);
        options.ReplaceService<ILiftableConstantProcessor, RelationalLiftableConstantProcessor>();
        await using var plain = new ReshipDbContext(options.Options);

        var expected = await Include(plain.Orders.AsNoTracking()).OrderBy(o => o.Id).ToListAsync();

        Assert.IsNotType<ClosedLambdaCompiler>(plain.GetService<ILiftableConstantProcessor>());
        Assert.Equal(expected.Count, orders.Count);
        Assert.Equal(Describe(expected), Describe(orders));
        Assert.Contains(orders, o => o.Items.Count > 1 && o.Shipments.Count > 0);
    }

    [Fact]
    public void ALambdaUsingAParameterFromAroundIt_StaysALambda()
    {
        var x = Expression.Parameter(typeof(int), "x");
        var y = Expression.Parameter(typeof(int), "y");
        var closed = Expression.Lambda<Func<int, int>>(Expression.Add(y, Expression.Constant(1)), y);
        var open = Expression.Lambda<Func<int, int>>(Expression.Add(y, x), y);
        var quoted = Expression.Quote(Expression.Lambda<Func<int, int>>(Expression.Add(y, Expression.Constant(2)), y));
        var combine = typeof(ClosedLambdaCompilerTests).GetMethod(nameof(Combine), BindingFlags.NonPublic | BindingFlags.Static)!;
        var body = Expression.Call(combine, closed, open, quoted);
        var root = Expression.Lambda<Func<int, int>>(body, x);
        using var db = _app.Db.CreateDbContext();

        var processed = (Expression<Func<int, int>>)db.GetService<ILiftableConstantProcessor>().InlineConstants(root, supportsPrecompiledQuery: false);

        var call = (MethodCallExpression)processed.Body;
        Assert.IsType<ConstantExpression>(call.Arguments[0]);
        Assert.IsAssignableFrom<LambdaExpression>(call.Arguments[1]);
        Assert.Equal(ExpressionType.Quote, call.Arguments[2].NodeType);
        Assert.Equal((10 + 1) + (10 + 10) + (10 + 2), processed.Compile()(10));
    }

    private static int Combine(Func<int, int> closed, Func<int, int> open, Expression<Func<int, int>> quoted)
        => closed(10) + open(10) + quoted.Compile()(10);

    private static IQueryable<Order> Include(IQueryable<Order> orders) => orders.AsSingleQuery()
        .Include(o => o.Buyer).Include(o => o.Items).Include(o => o.Shipments).Include(o => o.AfterSales).Include(o => o.Reissues);

    private static Expression WholeOrdersExecutor(ReshipDbContext db)
    {
        var query = Include(db.Orders.AsNoTracking()).Expression;
        var compilation = db.GetService<IQueryCompilationContextFactory>().Create(async: false);
        return compilation.CreateQueryExecutorExpression<IEnumerable<Order>>(query);
    }

    private static int Lambdas(Expression expression)
    {
        var counter = new LambdaCounter();
        counter.Visit(expression);
        return counter.Count;
    }

    private static List<string> Describe(IEnumerable<Order> orders) => orders.Select(o =>
        $"{o.Id} {o.OrderNo} {o.Buyer.Name} items {string.Join(",", o.Items.OrderBy(i => i.Id).Select(i => $"{i.Id}:{i.Quantity}"))} "
        + $"parcels {string.Join(",", o.Shipments.OrderBy(s => s.Id).Select(s => $"{s.Id}:{s.TrackingNo}:{s.Status}"))} "
        + $"after-sales {o.AfterSales.Count} reissues {string.Join(",", o.Reissues.OrderBy(r => r.Id).Select(r => $"{r.Id}:{r.Status}"))}").ToList();

    private sealed class LambdaCounter : ExpressionVisitor
    {
        public int Count { get; private set; }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            Count++;
            return base.VisitLambda(node);
        }
    }
}
#pragma warning restore EF9100

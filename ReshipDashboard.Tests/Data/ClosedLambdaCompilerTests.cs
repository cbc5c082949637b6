using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
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

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    [InlineData(true, true, true)]
    public async Task WholeOrders_ReadTheSameAsWithoutIt(bool split, bool tracking, bool async)
    {
        await using var db = await _app.Db.CreateDbContextAsync();
        // The service put back as EF has it, to read the same orders without the compiler.
        var options = new DbContextOptionsBuilder<ReshipDbContext>().UseReshipDatabase(_app.Provider, db.Database.GetConnectionString()!);
        options.ReplaceService<ILiftableConstantProcessor, RelationalLiftableConstantProcessor>();
        await using var plain = new ReshipDbContext(options.Options);
        async Task<List<Order>> ReadAsync(ReshipDbContext context)
        {
            var query = Include(tracking ? context.Orders : context.Orders.AsNoTracking(), split).OrderBy(o => o.Id);
            return async ? await query.ToListAsync() : query.ToList();
        }

        var orders = await ReadAsync(db);
        var expected = await ReadAsync(plain);

        Assert.IsNotType<ClosedLambdaCompiler>(plain.GetService<ILiftableConstantProcessor>());
        Assert.Equal(Describe(expected), Describe(orders));
        Assert.Contains(orders, o => o.Items.Count > 1 && o.Shipments.Count > 0);
        Assert.Equal(tracking ? orders.Count : 0, db.ChangeTracker.Entries<Order>().Count());
    }

    [Fact]
    public void ALambdaUsingAParameterFromAroundIt_StaysALambda()
    {
        var x = Expression.Parameter(typeof(int), "x");
        var y = Expression.Parameter(typeof(int), "y");
        var closed = Expression.Lambda<Func<int, int>>(Expression.Add(y, Expression.Constant(1)), y);
        var open = Expression.Lambda<Func<int, int>>(Expression.Add(y, x), y);
        // The outer parameter declared again as the nested lambda's own: it is the nested lambda's, not a closure.
        var redeclared = Expression.Lambda<Func<int, int>>(Expression.Multiply(x, Expression.Constant(3)), x);
        var quoted = Expression.Quote(Expression.Lambda<Func<int, int>>(Expression.Add(y, Expression.Constant(2)), y));
        var combine = typeof(ClosedLambdaCompilerTests).GetMethod(nameof(Combine), BindingFlags.NonPublic | BindingFlags.Static)!;
        var root = Expression.Lambda<Func<int, int>>(Expression.Call(combine, closed, open, redeclared, quoted), x);

        var processed = Process(root);

        var call = (MethodCallExpression)processed.Body;
        Assert.IsType<ConstantExpression>(call.Arguments[0]);
        Assert.IsAssignableFrom<LambdaExpression>(call.Arguments[1]);
        Assert.IsType<ConstantExpression>(call.Arguments[2]);
        Assert.Equal(ExpressionType.Quote, call.Arguments[3].NodeType);
        Assert.Equal((10 + 1) + (10 + 10) + (10 * 3) + (10 + 2), processed.Compile()(10));
    }

    [Fact]
    public void ACoalescingConversionAndAnInvokedLambda_StayLambdas()
    {
        var x = Expression.Parameter(typeof(int), "x");
        var s = Expression.Parameter(typeof(string), "s");
        var y = Expression.Parameter(typeof(int), "y");
        var length = Expression.Lambda<Func<string, int>>(Expression.Property(s, nameof(string.Length)), s);
        var coalesce = Expression.Coalesce(Expression.Constant(null, typeof(string)), x, length);
        var doubled = Expression.Invoke(Expression.Lambda<Func<int, int>>(Expression.Multiply(y, Expression.Constant(2)), y), x);
        var root = Expression.Lambda<Func<int, int>>(Expression.Add(coalesce, doubled), x);

        var processed = Process(root);

        var sum = (BinaryExpression)processed.Body;
        Assert.IsAssignableFrom<LambdaExpression>(((BinaryExpression)sum.Left).Conversion);
        Assert.IsAssignableFrom<LambdaExpression>(((InvocationExpression)sum.Right).Expression);
        Assert.Equal(10 + 20, processed.Compile()(10));
    }

    [Fact]
    public void AVariableOfABlockOrCatchAroundIt_IsAClosure_ItsOwnAreNot()
    {
        var v = Expression.Variable(typeof(int), "v");
        var e = Expression.Variable(typeof(Exception), "e");
        var a = Expression.Parameter(typeof(int), "a");
        var c = Expression.Parameter(typeof(int), "c");
        var readsV = Expression.Lambda<Func<int>>(v);
        var block = Expression.Lambda<Func<int>>(Expression.Block([v], Expression.Assign(v, Expression.Constant(1)), Expression.Invoke(readsV)));
        var readsE = Expression.Lambda<Func<string>>(Expression.Property(e, nameof(Exception.Message)));
        var tryCatch = Expression.Lambda<Func<string>>(Expression.TryCatch(Expression.Constant(""),
            Expression.Catch(e, Expression.Invoke(readsE), Expression.NotEqual(e, Expression.Constant(null)))));
        var inner = Expression.Lambda<Func<int, int>>(Expression.Add(a, c), c);
        var middle = Expression.Lambda<Func<int, Func<int, int>>>(inner, a);
        var exposed = Expression.Lambda<Func<IRuntimeVariables>>(Expression.Block([v], Expression.RuntimeVariables(v)));

        Assert.True(ClosedLambdaCompiler.FreeVariables.Any(readsV));
        Assert.False(ClosedLambdaCompiler.FreeVariables.Any(block));
        Assert.True(ClosedLambdaCompiler.FreeVariables.Any(readsE));
        Assert.False(ClosedLambdaCompiler.FreeVariables.Any(tryCatch));
        Assert.True(ClosedLambdaCompiler.FreeVariables.Any(inner));
        Assert.False(ClosedLambdaCompiler.FreeVariables.Any(middle));
        Assert.True(ClosedLambdaCompiler.FreeVariables.Any(exposed));
    }

    private Expression<Func<int, int>> Process(Expression<Func<int, int>> root)
    {
        using var db = _app.Db.CreateDbContext();
        return (Expression<Func<int, int>>)db.GetService<ILiftableConstantProcessor>().InlineConstants(root, supportsPrecompiledQuery: false);
    }

    private static int Combine(Func<int, int> closed, Func<int, int> open, Func<int, int> redeclared, Expression<Func<int, int>> quoted)
        => closed(10) + open(10) + redeclared(10) + quoted.Compile()(10);

    private static IQueryable<Order> Include(IQueryable<Order> orders, bool split = false) => (split ? orders.AsSplitQuery() : orders.AsSingleQuery())
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

using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReshipDashboard.Data;

/// <summary>
/// Compiles the lambdas nested in a query's executor once, when the query is compiled, instead of each time they are
/// reached. EF Core passes a query's shaper, and each collection's row shaper and fix-up, as lambdas inside the
/// executor's expression tree; compiled as one tree, every such lambda becomes a <c>DynamicMethod.CreateDelegate</c>
/// call (taken under a runtime lock) each time the code around it runs: once per query for the shaper, and per row and
/// per included collection for the others. A lambda that uses nothing from around it is the same delegate every time,
/// so it is compiled once here and put in the tree as a constant.
/// </summary>
#pragma warning disable EF9100 // the liftable-constant processor is where EF inlines a query's constants before compiling it
public sealed class ClosedLambdaCompiler(
    ShapedQueryCompilingExpressionVisitorDependencies dependencies,
    RelationalShapedQueryCompilingExpressionVisitorDependencies relationalDependencies,
    RelationalCommandBuilderDependencies commandBuilderDependencies)
    : RelationalLiftableConstantProcessor(dependencies, relationalDependencies, commandBuilderDependencies)
{
    public override Expression InlineConstants(Expression expression, bool supportsPrecompiledQuery)
    {
        var inlined = base.InlineConstants(expression, supportsPrecompiledQuery);
        // The executor itself stays a lambda: EF compiles it (with its nested lambdas now constants).
        return inlined is LambdaExpression root
            ? Expression.Lambda(root.Type, new Lifter().Visit(root.Body), root.Name, root.TailCall, root.Parameters)
            : new Lifter().Visit(inlined);
    }

    /// <summary>Replaces, innermost first, every lambda without free variables by its compiled delegate.</summary>
    private sealed class Lifter : ExpressionVisitor
    {
        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            var visited = (Expression<T>)base.VisitLambda(node);
            return FreeVariables.Any(visited) ? visited : Expression.Constant(visited.Compile(), typeof(T));
        }

        // A quoted lambda is data (an expression tree handed to a method), not code to compile.
        protected override Expression VisitUnary(UnaryExpression node)
            => node.NodeType == ExpressionType.Quote ? node : base.VisitUnary(node);
    }

    /// <summary>Whether a lambda reads a parameter or variable declared outside it (a closure, which cannot be shared).</summary>
    internal sealed class FreeVariables : ExpressionVisitor
    {
        private readonly Stack<IReadOnlyCollection<ParameterExpression>> _scopes = new();
        private bool _found;

        public static bool Any(LambdaExpression lambda)
        {
            var finder = new FreeVariables();
            finder.Visit(lambda);
            return finder._found;
        }

        public override Expression? Visit(Expression? node) => _found ? node : base.Visit(node);

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            _scopes.Push(node.Parameters);
            Visit(node.Body);
            _scopes.Pop();
            return node;
        }

        protected override Expression VisitBlock(BlockExpression node)
        {
            _scopes.Push(node.Variables);
            Visit(node.Expressions);
            _scopes.Pop();
            return node;
        }

        protected override CatchBlock VisitCatchBlock(CatchBlock node)
        {
            _scopes.Push(node.Variable is { } variable ? [variable] : []);
            Visit(node.Filter);
            Visit(node.Body);
            _scopes.Pop();
            return node;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (!_scopes.Any(scope => scope.Contains(node))) _found = true;
            return node;
        }

        // Variables exposed at run time are read by reference from the enclosing scope.
        protected override Expression VisitRuntimeVariables(RuntimeVariablesExpression node)
        {
            _found = true;
            return node;
        }
    }
}
#pragma warning restore EF9100

using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReshipDashboard.Data;

#pragma warning disable EF9100 // the liftable-constant processor is where EF inlines a query's constants before compiling it
/// <summary>
/// Compiles the lambdas nested in a query's executor once, when the query is compiled, instead of each time they are
/// reached. EF Core passes a query's shaper, and each collection's row shaper and fix-up, as lambdas inside the
/// executor's expression tree; compiled as one tree, every such lambda becomes a <c>DynamicMethod.CreateDelegate</c>
/// call each time the code around it runs: once per query for the shaper, and per row and per included collection for
/// the others. A lambda that uses nothing from around it is the same delegate every time, so it is compiled once here
/// and put in the tree as a constant.
/// </summary>
public sealed class ClosedLambdaCompiler(
    ShapedQueryCompilingExpressionVisitorDependencies dependencies,
    RelationalShapedQueryCompilingExpressionVisitorDependencies relationalDependencies,
    RelationalCommandBuilderDependencies commandBuilderDependencies)
    : RelationalLiftableConstantProcessor(dependencies, relationalDependencies, commandBuilderDependencies)
{
    public override Expression InlineConstants(Expression expression, bool supportsPrecompiledQuery)
    {
        var inlined = base.InlineConstants(expression, supportsPrecompiledQuery);
        // EF hands over the executor, a lambda of the query context, which stays a lambda: EF compiles it.
        return inlined is LambdaExpression root
            ? WithBody(root, new Lifter().Visit(root.Body))
            : new Lifter().Visit(inlined);
    }

    private static LambdaExpression WithBody(LambdaExpression lambda, Expression body)
        => Expression.Lambda(lambda.Type, body, lambda.Name, lambda.TailCall, lambda.Parameters);

    /// <summary>Replaces, innermost first, every lambda without free variables by its compiled delegate.</summary>
    internal sealed class Lifter : ExpressionVisitor
    {
        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            var visited = (Expression<T>)base.VisitLambda(node);
            return FreeVariables.Any(visited) ? visited : Expression.Constant(visited.Compile(), typeof(T));
        }

        // A quoted lambda is data (an expression tree handed to a method), not code to compile.
        protected override Expression VisitUnary(UnaryExpression node)
            => node.NodeType == ExpressionType.Quote ? node : base.VisitUnary(node);

        // A lambda invoked where it stands is compiled inline with the code around it: no delegate to save.
        protected override Expression VisitInvocation(InvocationExpression node)
        {
            if (node.Expression is not LambdaExpression lambda) return base.VisitInvocation(node);
            var body = Visit(lambda.Body);
            return node.Update(body == lambda.Body ? lambda : WithBody(lambda, body), Visit(node.Arguments));
        }

        // A coalescing conversion must stay a lambda, and an assignment to a read-only field is rebuilt as EF builds it.
        protected override Expression VisitBinary(BinaryExpression node)
        {
            var left = Visit(node.Left);
            var right = Visit(node.Right);
            return node.NodeType is ExpressionType.Assign && left is MemberExpression { Member: FieldInfo { IsInitOnly: true } } field
                ? field.Assign(right)
                : node.Update(left, node.Conversion, right);
        }
    }

    /// <summary>Whether a lambda uses a parameter or variable declared outside it (a closure, which cannot be shared).</summary>
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

        [return: NotNullIfNotNull(nameof(node))]
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

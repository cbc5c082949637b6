using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace ReshipDashboard.Data;

/// <summary>
/// A compiled query whose collection argument goes to the database as one parameter (<c>json_each(@ids)</c> on SQLite,
/// <c>= ANY(@ids)</c> on PostgreSQL) instead of one parameter per element, EF's default on SQLite (PostgreSQL's
/// provider sends an array as one already). With one parameter per element the statement's text depends on how many
/// elements there are, so EF builds its SQL again on every call; with one it is built once.
/// <see cref="EF.Parameter{T}(T)"/> asks for this in a query that is not compiled, and EF refuses it inside a compiled
/// one, where the arguments are the lambda's parameters: here the argument is marked the same way, as EF's own query
/// parameter with its translation set.
/// </summary>
public static class OneCollectionParameter
{
    /// <summary>The same query with every use of its second parameter, the collection, sent as one parameter.</summary>
    public static Expression<Func<TContext, TCollection, TResult>> For<TContext, TCollection, TResult>(
        Expression<Func<TContext, TCollection, TResult>> query)
    {
        var collection = query.Parameters[1];
        var asOne = new QueryParameterExpression(collection.Name!, collection.Type, ParameterTranslationMode.Parameter);
        return query.Update(new Replacer(collection, asOne).Visit(query.Body), query.Parameters);
    }

    private sealed class Replacer(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : node;
    }
}

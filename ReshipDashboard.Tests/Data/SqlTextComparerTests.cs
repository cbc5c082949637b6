using Microsoft.Data.Sqlite;
using ReshipDashboard.Data;

namespace ReshipDashboard.Tests.Data;

public class SqlTextComparerTests
{
    // Two long texts of one length, alike at the start, the middle and the end: they differ only outside the three hashed stretches.
    private static readonly string Seven = $"SELECT 7{new string(' ', 100)}+ 0{new string(' ', 300)}+ 0";
    private static readonly string Eight = $"SELECT 7{new string(' ', 100)}+ 1{new string(' ', 300)}+ 0";

    [Fact]
    public void TextsAlikeAtTheHashedStretches_AreStillTwoTexts()
    {
        var comparer = SqlTextComparer.Instance;
        Assert.Equal(Seven.Length, Eight.Length);
        Assert.Equal(comparer.GetHashCode(Seven), comparer.GetHashCode(Eight));
        Assert.False(comparer.Equals(Seven, Eight));
        Assert.True(comparer.Equals(Seven, new string(Seven.AsSpan())));
        Assert.Equal(comparer.GetHashCode(Seven), comparer.GetHashCode(new string(Seven.AsSpan())));
        Assert.NotEqual(comparer.GetHashCode("SELECT 1"), comparer.GetHashCode("SELECT 2"));
    }

    [Fact]
    public void TheStatementCache_KeepsACommandForEachOfTwoTextsSharingAHash()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var cache = StatementCache.Of(connection);

        var seven = cache.Rent(Seven);
        Assert.Equal(7L, seven.ExecuteScalar());
        cache.Return(seven);
        var eight = cache.Rent(Eight);
        Assert.NotSame(seven, eight);
        Assert.Equal(8L, eight.ExecuteScalar());
        cache.Return(eight);

        Assert.Equal(2, cache.Count);
        var again = cache.Rent(new string(Seven.AsSpan())); // an equal text, not the same string
        Assert.Same(seven, again);
        Assert.Equal(7L, again.ExecuteScalar());
        cache.Return(again);
        Assert.Same(eight, cache.Rent(Eight));
    }
}

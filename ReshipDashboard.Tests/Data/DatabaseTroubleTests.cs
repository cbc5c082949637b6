using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;

namespace ReshipDashboard.Tests.Data;

public sealed class DatabaseTroubleTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void BusyOrLocked_IsTrouble_EvenWrappedInAnUpdateError(int code)
    {
        var busy = new SqliteException("busy", code);
        Assert.True(DatabaseTrouble.Is(busy));
        Assert.True(DatabaseTrouble.Is(new DbUpdateException("save failed", busy)));
    }

    [Fact]
    public void AConstraintOrABug_IsNotTrouble()
    {
        Assert.False(DatabaseTrouble.Is(new SqliteException("constraint", 19)));
        Assert.False(DatabaseTrouble.Is(new InvalidOperationException("bug")));
        Assert.False(DatabaseTrouble.Is(new DbUpdateConcurrencyException("lost")));
    }
}

using ReshipDashboard.Features.Warehouse.Orders;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders;

public sealed class OrderListStateTests
{
    private static readonly OrderCursor Cursor = new(new DateTime(2026, 11, 23, 2, 0, 0, 123, DateTimeKind.Utc), 4711);

    [Fact]
    public void ACursor_SurvivesItsTripThroughTheUrl()
    {
        var back = OrderCursor.FromUrlValue(Cursor.ToUrlValue());

        Assert.Equal(Cursor, back);
        Assert.Equal(DateTimeKind.Utc, back!.PaidAtUtc.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("638000000000000000")]
    [InlineData("638000000000000000_0")]
    [InlineData("638000000000000000_-5")]
    [InlineData("-1_5")]
    [InlineData("99999999999999999999_5")]
    [InlineData("638000000000000000_5_6")]
    public void AnUnreadableCursor_StartsAtTheNewestOrders(string? value) => Assert.Null(OrderCursor.FromUrlValue(value));

    [Fact]
    public void TheStateOfTheUrl_IsReadBack_FromWhatItWrites()
    {
        var state = new OrderListState("261126-5", true, 2, 50, Cursor, null);
        var query = state.ToQuery();

        var back = OrderListState.Parse((string?)query["q"], (bool?)query["needsReissue"], (int?)query["page"], (int?)query["size"],
            (string?)query["after"], (string?)query["before"]);

        Assert.Equal(state, back);
        Assert.Equal(3, query["page"]);
    }

    [Fact]
    public void APlainList_WritesNothingIntoTheUrl()
    {
        var query = OrderListState.Parse("  ", null, null, null, null, null).ToQuery();

        Assert.All(query.Values, Assert.Null);
    }

    [Fact]
    public void ANewSearch_StartsOnItsFirstPage_AtTheSamePageSize()
    {
        var state = new OrderListState("a", false, 3, 50, Cursor, null).Search(" 1234 ", needsReissue: true);

        Assert.Equal(new OrderListState("1234", true, 0, 50, null, null), state);
    }

    [Fact]
    public void BothCursors_TheAfterCursorWins()
    {
        var state = OrderListState.Parse(null, null, null, null, Cursor.ToUrlValue(), Cursor.ToUrlValue());

        Assert.Equal((Cursor, (OrderCursor?)null), (state.After, state.Before));
    }
}

using Bunit;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

[Trait("Category", "Component")]
public sealed class ReissueFiltersTests : MudTestContext
{
    [Fact]
    public async Task Search_HandsOverTheTypedNumbersAndTheDateRange()
    {
        ReissueFilter? searched = null;
        RenderProviders();
        var filters = Render<ReissueFilters>(p => p.Add(f => f.OnSearch, (ReissueFilter f) => searched = f));

        filters.Find("#filter-order").Input("261126-1234");
        filters.Find("#filter-tracking").Input("SF1");
        filters.Find("#filter-from").Change("2026-11-20");
        filters.Find("#filter-to").Change("2026-11-26");
        await filters.Find("form").SubmitAsync();

        Assert.NotNull(searched);
        Assert.Equal("261126-1234", searched.OrderNo);
        Assert.Equal("SF1", searched.TrackingNo);
        Assert.Equal(new DateOnly(2026, 11, 20), searched.CreatedFrom);
        Assert.Equal(new DateOnly(2026, 11, 26), searched.CreatedTo);
    }
}

using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders;

public sealed class OrderIntakeServiceTests : IAsyncLifetime
{
    private ServiceHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServiceHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task CreateAsync_JustAfterShopMidnight_NumbersTheOrderWithTheShopsDate()
    {
        // 16:30 UTC on the 26th is 00:30 on the 27th in Shanghai.
        _h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 16, 30, 0, TimeSpan.Zero));
        var order = await _h.CreateOrderAsync();
        Assert.StartsWith("261127-", order.OrderNo);
        Assert.True(OrderNumber.IsValid(order.OrderNo));
    }

    [Fact]
    public async Task ShipAsync_UnknownOrder_IsNotFound_AfterTheNumberIsChecked()
    {
        var badNumber = await Assert.ThrowsAsync<DomainException>(() => _h.Orders().ShipAsync("261126-000000000000009", "SF", "nope"));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => _h.Orders().ShipAsync("261126-000000000000009", "SF", _h.NextSfNumber()));
        Assert.Equal(DomainErrorKind.Invalid, badNumber.Kind);
        Assert.Equal(DomainErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task ShipAsync_SameNumberTwice_IsConflictNamingTheHolder()
    {
        var first = await _h.CreateOrderAsync();
        var second = await _h.CreateOrderAsync();
        var number = _h.NextSfNumber();
        await _h.Orders().ShipAsync(first.OrderNo, "SF", number);

        var e = await Assert.ThrowsAsync<DomainException>(() => _h.Orders().ShipAsync(second.OrderNo, "SF", number));
        Assert.Equal(DomainErrorKind.Conflict, e.Kind);
        Assert.Contains(first.OrderNo, e.Arguments);
    }
}

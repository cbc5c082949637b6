using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data;

public sealed class RunningIdempotencyKeysTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private RunningIdempotencyKeys NewInstance() => new(_db, Options.Create(new DatabaseOptions { Provider = _db.Provider }));

    [Fact]
    public async Task AHeldKey_IsRefusedToTheNextRequest_UntilReleased()
    {
        var keys = NewInstance();
        var first = await keys.TryHoldAsync("scope", "/api/v1/orders", "k");
        Assert.NotNull(first);
        Assert.Null(await keys.TryHoldAsync("scope", "/api/v1/orders", "k"));
        await using (var other = await keys.TryHoldAsync("scope", "/api/v1/orders", "other-key")) Assert.NotNull(other);
        await using (var otherPath = await keys.TryHoldAsync("scope", "/api/v1/reissues", "k")) Assert.NotNull(otherPath);

        await first.DisposeAsync();
        await using var again = await keys.TryHoldAsync("scope", "/api/v1/orders", "k");
        Assert.NotNull(again);
    }

    [Fact]
    public async Task AKeyHeldByOneInstance_IsRefusedOnAnother_OnPostgreSql_AndFreedWhenItsSessionEnds()
    {
        var a = NewInstance();
        var b = NewInstance();
        var held = await a.TryHoldAsync("scope", "/api/v1/orders", "k");
        Assert.NotNull(held);

        var meanwhile = await b.TryHoldAsync("scope", "/api/v1/orders", "k");
        // PostgreSQL: several instances, one advisory lock they all see. SQLite is one instance by design: a second
        // process on the same file is not a deployment, and there the key's unique record decides at commit.
        if (TestProvider.IsPostgres) Assert.Null(meanwhile);
        else Assert.NotNull(meanwhile);
        if (meanwhile is not null) await meanwhile.DisposeAsync();

        await held.DisposeAsync();
        await using var after = await b.TryHoldAsync("scope", "/api/v1/orders", "k");
        Assert.NotNull(after);
    }
}

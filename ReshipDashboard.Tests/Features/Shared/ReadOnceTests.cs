using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Shared;

/// <summary>What prerendering reads travels under its key to the interactive render, which takes it instead of reading.</summary>
[Trait("Category", "Component")]
public sealed class ReadOnceTests : MudTestContext
{
    private ReadOnce NewReadOnce() => new(Services.GetRequiredService<PersistentComponentState>(), interactive: false);

    [Fact]
    public async Task Prerendering_ReadsAndHandsOnWhatItRead()
    {
        using var once = NewReadOnce();
        var reads = 0;

        Assert.Equal(42, await once.ReadAsync("answer:1", () => Task.FromResult(++reads * 42)));
        PersistentState.TriggerOnPersisting();

        Assert.Equal(1, reads);
        Assert.True(PersistentState.TryTake<int>("answer:1", out var handed));
        Assert.Equal(42, handed);
    }

    [Fact]
    public async Task TheInteractiveRender_TakesWhatWasHanded_WithoutReading()
    {
        PersistentState.Persist("answer:1", 7);
        using var once = NewReadOnce();

        Assert.Equal(7, await once.ReadAsync<int>("answer:1", () => throw new InvalidOperationException("read again")));
    }

    [Fact]
    public async Task SomethingElseAskedFor_IsRead()
    {
        PersistentState.Persist("answer:1", 7);
        using var once = NewReadOnce();

        Assert.Equal(9, await once.ReadAsync("answer:2", () => Task.FromResult(9)));
    }

    [Fact]
    public async Task AnInteractiveRender_HandsNothingOn()
    {
        using var once = new ReadOnce(Services.GetRequiredService<PersistentComponentState>(), interactive: true);

        Assert.Equal(42, await once.ReadAsync("answer:1", () => Task.FromResult(42)));
        PersistentState.TriggerOnPersisting();

        Assert.False(PersistentState.TryTake<int>("answer:1", out _));
    }
}

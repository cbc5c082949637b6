namespace ReshipDashboard.Tests.TestSupport;

/// <summary>Waits for a condition that a background service makes true, checking often and giving up after a bound.</summary>
public static class Eventually
{
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Action? betweenChecks = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {what}");
            betweenChecks?.Invoke();
            await Task.Delay(20);
        }
    }
}

/// <summary>A <see cref="ReshipDashboard.Features.Shared.CurrentActor"/> for services built by hand in tests.</summary>
public static class TestActors
{
    private static readonly IServiceProvider NoServices = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(new Microsoft.Extensions.DependencyInjection.ServiceCollection());

    public static ReshipDashboard.Features.Shared.CurrentActor Of(ReshipDashboard.Domain.Common.Actor actor) => new(NoServices) { Actor = actor };

    public static ReshipDashboard.Features.Shared.CurrentActor Owner() => Of(ReshipDashboard.Domain.Common.Actor.Person("店主"));
}

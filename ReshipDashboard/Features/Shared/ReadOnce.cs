using Microsoft.AspNetCore.Components;

namespace ReshipDashboard.Features.Shared;

/// <summary>
/// A page's data read once per visit: what prerendering read travels with the page, under its key, to the interactive
/// render, which takes it instead of reading again. The key names the data and what it was read for (a period, a
/// filter), so a render asking for something else reads afresh. Create one per component (with
/// <c>RendererInfo.IsInteractive</c>) and dispose it with it. Only prerendering hands data on: an interactive render's
/// data changes under it, and a paused circuit's page reads afresh when it comes back.
/// </summary>
public sealed class ReadOnce : IDisposable
{
    private readonly PersistentComponentState _state;
    private readonly Dictionary<string, Action> _handOn = [];
    private readonly PersistingComponentStateSubscription? _subscription;

    public ReadOnce(PersistentComponentState state, bool interactive)
    {
        _state = state;
        if (interactive) return;
        _subscription = state.RegisterOnPersisting(() =>
        {
            foreach (var persist in _handOn.Values) persist();
            return Task.CompletedTask;
        });
    }

    public async Task<T> ReadAsync<T>(string key, Func<Task<T>> read)
    {
        if (_state.TryTakeFromJson<T>(key, out var handed) && handed is not null) return handed;
        var value = await read();
        if (_subscription is not null) _handOn[key] = () => _state.PersistAsJson(key, value);
        return value;
    }

    public void Dispose() => _subscription?.Dispose();
}

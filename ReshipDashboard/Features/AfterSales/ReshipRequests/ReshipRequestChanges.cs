using ReshipDashboard.Domain.ReshipRequests;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

public sealed record ReshipChange(int RequestId, ReshipStatus Status);

/// <summary>
/// Tells open queues in this process that a request changed, after the change was committed; each page
/// subscribes and reloads on its own circuit.
/// </summary>
public sealed class ReshipRequestChanges
{
    public event Action<ReshipChange>? Changed;

    public void Raise(ReshipChange change) => Changed?.Invoke(change);
}

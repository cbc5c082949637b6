using System.Collections.Concurrent;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Tests.Features.Hosting;

/// <summary>An e-waybill service shared by every instance in a test: answers at once and counts each request per reissue.</summary>
public sealed class CountingWaybillProvider : IWaybillProvider
{
    private readonly ConcurrentDictionary<string, int> _requests = new();

    public IReadOnlyDictionary<string, int> Requests => _requests;

    public async Task<string> IssueAsync(Courier courier, string reissueNo, CancellationToken cancellationToken)
    {
        _requests.AddOrUpdate(reissueNo, 1, (_, n) => n + 1);
        await Task.Yield(); // let the other instance run meanwhile, as a real service call would
        return TrackingNumberFactory.Create(courier, Random.Shared);
    }
}

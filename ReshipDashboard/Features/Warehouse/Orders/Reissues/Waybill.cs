using Microsoft.Extensions.Options;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>The e-waybill service (电子面单) that issues a tracking number for a reissue's first parcel.</summary>
public interface IWaybillProvider
{
    /// <summary>A new tracking number of <paramref name="courier"/> for the reissue; throws <see cref="WaybillException"/> when the service refuses.</summary>
    Task<string> IssueAsync(Courier courier, string reissueNo, CancellationToken cancellationToken);
}

/// <summary>The e-waybill service could not issue a number; <see cref="Message"/> is a localizable key shown with a retry button.</summary>
public sealed class WaybillException(string messageKey) : Exception(messageKey);

/// <summary>Configuration section `Waybill`.</summary>
public sealed class WaybillOptions
{
    public const string Section = "Waybill";

    /// <summary>How long the simulated service takes to answer.</summary>
    public int DelayMilliseconds { get; set; } = 1500;

    /// <summary>The share of requests the simulated service refuses, 0..1.</summary>
    public double FailureRate { get; set; }

    /// <summary>The simulated service refuses every request (to see the retry path).</summary>
    public bool AlwaysFail { get; set; }

    /// <summary>The courier used when a reissue names none.</summary>
    public string DefaultCarrier { get; set; } = "ZTO";

    /// <summary>How often the dispatcher looks for reissues waiting for a number, besides being woken.</summary>
    public int SweepSeconds { get; set; } = 5;
}

/// <summary>The built-in simulated e-waybill service: valid-format numbers per courier after a short delay, failing when configured to.</summary>
public sealed class SimulatedWaybillProvider(IOptionsMonitor<WaybillOptions> options, TimeProvider time) : IWaybillProvider
{
    public const string FailureKey = "电子面单服务暂时无法取号";

    public async Task<string> IssueAsync(Courier courier, string reissueNo, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        // On the app's clock, so tests decide when the simulated service answers.
        if (o.DelayMilliseconds > 0) await Task.Delay(TimeSpan.FromMilliseconds(o.DelayMilliseconds), time, cancellationToken);
        if (o.AlwaysFail || (o.FailureRate > 0 && Random.Shared.NextDouble() < o.FailureRate))
            throw new WaybillException(FailureKey);
        return TrackingNumberFactory.Create(courier, Random.Shared);
    }
}

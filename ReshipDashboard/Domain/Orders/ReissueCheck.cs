using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Domain.Orders;

/// <summary>Why a reissue may not be created now.</summary>
public enum ReissueRefusal
{
    NotShipped,
    NothingToReplace,
    AlreadyCovered,
    AtLimit,
}

/// <summary>
/// The answer of <see cref="Order.CheckReissue"/>: the parcel to replace, or the refusal with its message (at the limit,
/// with the parcel that would have been replaced).
/// </summary>
public sealed record ReissueCheck(Shipment? Replaces, ReissueRefusal? Refusal, string? ReasonKey, object?[] ReasonArgs)
{
    public bool Allowed => Refusal is null;

    public DomainException ToException() => DomainException.State(ReasonKey!, ReasonArgs);

    internal static ReissueCheck No(ReissueRefusal refusal, string key, params object?[] args) => new(null, refusal, key, args);
}

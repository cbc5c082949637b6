using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Domain.ReshipRequests;

public enum ReshipStatus
{
    Pending,
    PlatformReview,
    Approved,
    Shipped,
    Completed,
    Rejected,
    Withdrawn,
    Closed,
}

public enum ReshipReason
{
    MissingItem,
    ShortShipped,
    WrongItem,
    Damaged,
    Lost,
    Other,
}

public static class ReshipReasons
{
    /// <summary>The reason as the after-sale records it (漏发, 少发 …), the words of the platform's after-sale list.</summary>
    public static string ChineseText(this ReshipReason reason) => reason switch
    {
        ReshipReason.MissingItem => "漏发",
        ReshipReason.ShortShipped => "少发",
        ReshipReason.WrongItem => "错发",
        ReshipReason.Damaged => "破损",
        ReshipReason.Lost => "丢件",
        _ => "其他",
    };
}

public enum RejectionReason
{
    AlreadyShipped,
    NoQualityIssue,
    OutOfPeriod,
    FalseInfo,
    Other,
}

public enum PlatformOutcome
{
    Buyer,
    Merchant,
}

/// <summary>The content of a request the buyer submits or modifies.</summary>
public sealed record ReshipContent(ReshipReason Reason, string? Description, Address Address, IReadOnlyList<LineItem> Items);

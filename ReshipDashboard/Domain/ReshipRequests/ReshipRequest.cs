using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shop;

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

/// <summary>
/// 补寄申请: a buyer's request to send goods again. Every transition is guarded here, whoever asks —
/// the page, the API or the deadline job — and a refused one names the current status.
/// </summary>
public sealed class ReshipRequest : IVersioned
{
    public const int MaxDescriptionLength = 500;
    public const int MaxNoteLength = 500;

    private readonly List<LineItem> _items = [];
    private readonly List<ReshipRevision> _revisions = [];

    private ReshipRequest() { }

    public ReshipRequest(Order order, AfterSales.AfterSale afterSale, ReshipContent content, DateTime nowUtc, ShopSettings settings)
    {
        Validate(content);
        Order = order;
        AfterSale = afterSale;
        Apply(content);
        Revision = 1;
        _revisions.Add(new ReshipRevision(1, content, nowUtc));
        Status = ReshipStatus.Pending;
        CreatedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
        DueAtUtc = nowUtc + settings.ReshipAnswerWithin;
    }

    public int Id { get; private set; }
    public int OrderId { get; private set; }
    public Order Order { get; private set; } = null!;
    public int AfterSaleId { get; private set; }
    public AfterSales.AfterSale AfterSale { get; private set; } = null!;
    public ReshipStatus Status { get; private set; }
    public ReshipReason Reason { get; private set; }
    public string? Description { get; private set; }
    public Address Address { get; private set; } = null!;
    public int Revision { get; private set; }

    /// <summary>When the merchant must have answered (pending), after which the deadline job acts.</summary>
    public DateTime DueAtUtc { get; private set; }

    /// <summary>The reissue created when the request was approved (by the merchant, the deadline job or the platform).</summary>
    public Reissues.ReissueOrder? Reissue { get; private set; }
    public RejectionReason? RejectionReason { get; private set; }
    public string? RejectionNote { get; private set; }
    public DateTime? RejectedAtUtc { get; private set; }
    public DateTime? EscalatedAtUtc { get; private set; }
    public DateTime? ApprovedAtUtc { get; private set; }

    /// <summary>Who answered (approved or rejected) it, as "name" or "API:name"; null when no person or key did.</summary>
    public string? AnsweredBy { get; private set; }
    public DateTime? ShippedAtUtc { get; private set; }
    public DateTime? EndedAtUtc { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    public Guid Version { get; set; }

    public IReadOnlyList<LineItem> Items => _items;
    public IReadOnlyList<ReshipRevision> Revisions => _revisions;

    public static IReadOnlyList<ReshipStatus> Ended { get; } = [ReshipStatus.Completed, ReshipStatus.Withdrawn, ReshipStatus.Closed];

    public bool HasEnded => Ended.Contains(Status);

    /// <summary>Open: still counts as the order's one request (a rejection counts while the buyer may escalate).</summary>
    public bool IsOpen(DateTime nowUtc, ShopSettings settings) => Status switch
    {
        ReshipStatus.Pending or ReshipStatus.PlatformReview or ReshipStatus.Approved or ReshipStatus.Shipped => true,
        ReshipStatus.Rejected => RejectedAtUtc + settings.EscalateAfterRejectionWithin > nowUtc,
        _ => false,
    };

    public static void Validate(ReshipContent content)
    {
        if (!Enum.IsDefined(content.Reason)) throw DomainException.Invalid("reason", "未知的补寄原因");
        if (TextInput.Length(content.Description) > MaxDescriptionLength)
            throw DomainException.Invalid("description", "申请说明最多 {0} 个字", MaxDescriptionLength);
        content.Address.EnsureValid();
        if (content.Items.Count == 0) throw DomainException.Invalid("items", "至少要补寄一件商品");
    }

    public void Modify(ReshipContent content, DateTime nowUtc, ShopSettings settings)
    {
        Validate(content);
        Require("修改", ReshipStatus.Pending);
        Apply(content);
        Revision++;
        _revisions.Add(new ReshipRevision(Revision, content, nowUtc));
        DueAtUtc = nowUtc + settings.ReshipAnswerWithin;
        Touch(nowUtc);
    }

    public void Withdraw(DateTime nowUtc)
    {
        Require("撤销", ReshipStatus.Pending, ReshipStatus.PlatformReview);
        End(ReshipStatus.Withdrawn, nowUtc);
    }

    public void Escalate(DateTime nowUtc, ShopSettings settings)
    {
        Require("申请平台介入", ReshipStatus.Pending, ReshipStatus.Rejected);
        if (Status == ReshipStatus.Rejected && RejectedAtUtc + settings.EscalateAfterRejectionWithin <= nowUtc)
            throw DomainException.State("拒绝已超过 {0} 天，不能再申请平台介入（当前状态为{1}）",
                settings.EscalateAfterRejectionWithin.TotalDays, ApiWords.Of(Status));
        Status = ReshipStatus.PlatformReview;
        EscalatedAtUtc = nowUtc;
        Touch(nowUtc);
    }

    /// <summary>The merchant agrees (or the deadline job does for them). The caller creates and links the reissue.</summary>
    public void Approve(DateTime nowUtc, Actor by)
    {
        Require("同意", ReshipStatus.Pending);
        Status = ReshipStatus.Approved;
        ApprovedAtUtc = nowUtc;
        AnsweredBy = AnswerName(by);
        Touch(nowUtc);
    }

    public void Reject(RejectionReason reason, string? note, DateTime nowUtc, Actor by)
    {
        ValidateRejection(reason, note);
        Require("拒绝", ReshipStatus.Pending);
        Status = ReshipStatus.Rejected;
        RejectionReason = reason;
        RejectionNote = note!.Trim();
        RejectedAtUtc = nowUtc;
        AnsweredBy = AnswerName(by);
        Touch(nowUtc);
    }

    private static string? AnswerName(Actor by) => by.Kind == ActorKind.System ? null : by.ToString();

    /// <summary>A rejection needs a reason from the list and a note; checked before the state, so bad input is named first.</summary>
    public static void ValidateRejection(RejectionReason reason, string? note)
    {
        if (!Enum.IsDefined(reason)) throw DomainException.Invalid("reasonCode", "请选择拒绝原因");
        if (string.IsNullOrWhiteSpace(note)) throw DomainException.Invalid("note", "请填写拒绝说明");
        if (TextInput.Length(note.Trim()) > MaxNoteLength) throw DomainException.Invalid("note", "拒绝说明最多 {0} 个字", MaxNoteLength);
    }

    /// <summary>The platform's ruling: for the buyer the merchant must ship (the caller links the reissue); for the merchant it closes.</summary>
    public void Decide(PlatformOutcome outcome, DateTime nowUtc)
    {
        if (!Enum.IsDefined(outcome)) throw DomainException.Invalid("outcome", "裁决结果只能是 buyer 或 merchant");
        Require("平台裁决", ReshipStatus.PlatformReview);
        if (outcome == PlatformOutcome.Buyer)
        {
            Status = ReshipStatus.Approved;
            ApprovedAtUtc = nowUtc;
            Touch(nowUtc);
        }
        else
        {
            End(ReshipStatus.Closed, nowUtc);
        }
    }

    public void MarkShipped(DateTime nowUtc)
    {
        Require("发货", ReshipStatus.Approved);
        Status = ReshipStatus.Shipped;
        ShippedAtUtc = nowUtc;
        Touch(nowUtc);
    }

    /// <summary>Its reissue's number was taken back right after entry: it waits for shipping again.</summary>
    public void UndoShipped(DateTime nowUtc)
    {
        Require("撤销发货", ReshipStatus.Shipped);
        Status = ReshipStatus.Approved;
        ShippedAtUtc = null;
        Touch(nowUtc);
    }

    public void ConfirmReceipt(DateTime nowUtc)
    {
        Require("确认收货", ReshipStatus.Shipped);
        End(ReshipStatus.Completed, nowUtc);
    }

    public bool IsAnswerOverdue(DateTime nowUtc) => Status == ReshipStatus.Pending && DueAtUtc <= nowUtc;

    public bool IsRejectionExpired(DateTime nowUtc, ShopSettings settings) =>
        Status == ReshipStatus.Rejected && RejectedAtUtc + settings.EscalateAfterRejectionWithin <= nowUtc;

    public bool IsReceiptOverdue(DateTime nowUtc, ShopSettings settings) =>
        Status == ReshipStatus.Shipped && ShippedAtUtc + settings.AutoConfirmReceiptAfter <= nowUtc;

    /// <summary>Closes a rejection the buyer did not escalate in time.</summary>
    public void CloseExpiredRejection(DateTime nowUtc, ShopSettings settings)
    {
        if (!IsRejectionExpired(nowUtc, settings))
            throw DomainException.State("补寄申请当前状态为{0}，不能自动关闭", ApiWords.Of(Status));
        End(ReshipStatus.Closed, nowUtc);
    }

    /// <summary>Completes a shipped request the buyer did not confirm in time.</summary>
    public void AutoComplete(DateTime nowUtc, ShopSettings settings)
    {
        if (!IsReceiptOverdue(nowUtc, settings))
            throw DomainException.State("补寄申请当前状态为{0}，不能自动确认收货", ApiWords.Of(Status));
        End(ReshipStatus.Completed, nowUtc);
    }

    private void Apply(ReshipContent content)
    {
        Reason = content.Reason;
        Description = string.IsNullOrWhiteSpace(content.Description) ? null : content.Description.Trim();
        Address = content.Address;
        _items.Clear();
        _items.AddRange(content.Items);
    }

    private void End(ReshipStatus status, DateTime nowUtc)
    {
        Status = status;
        EndedAtUtc = nowUtc;
        Touch(nowUtc);
    }

    private void Require(string action, params ReshipStatus[] allowed)
    {
        if (!allowed.Contains(Status))
            throw DomainException.State("补寄申请当前状态为{0}，不能{1}", ApiWords.Of(Status), action);
    }

    private void Touch(DateTime nowUtc) => UpdatedAtUtc = nowUtc;
}

/// <summary>One submitted version of a request: kept so earlier versions stay readable after a modification.</summary>
public sealed class ReshipRevision
{
    private readonly List<LineItem> _items = [];

    private ReshipRevision() { }

    public ReshipRevision(int number, ReshipContent content, DateTime atUtc)
    {
        Number = number;
        Reason = content.Reason;
        Description = content.Description;
        Address = content.Address;
        _items.AddRange(content.Items);
        AtUtc = atUtc;
    }

    public long Id { get; private set; }
    public int ReshipRequestId { get; private set; }
    public int Number { get; private set; }
    public ReshipReason Reason { get; private set; }
    public string? Description { get; private set; }
    public Address Address { get; private set; } = null!;
    public IReadOnlyList<LineItem> Items => _items;
    public DateTime AtUtc { get; private set; }
}

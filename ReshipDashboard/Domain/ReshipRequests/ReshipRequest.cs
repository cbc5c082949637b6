using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Domain.ReshipRequests;

/// <summary>
/// 补寄申请: a buyer's request to send goods again. Every transition is guarded here, whoever asks —
/// the page, the API or the deadline job — and a refused one names the current status. A step told who made it
/// (<c>by</c>, or <c>recorded</c> where the actor is needed anyway) raises its event, recorded at save; seeding and
/// fixtures leave it out.
/// </summary>
public sealed partial class ReshipRequest : RaisesEvents, IVersioned
{
    public const int MaxDescriptionLength = 500;
    public const int MaxNoteLength = 500;

    private readonly List<LineItem> _items = [];
    private readonly List<ReshipRevision> _revisions = [];

    private ReshipRequest() { }

    public ReshipRequest(Order order, AfterSales.AfterSale afterSale, ReshipContent content, DateTime nowUtc, ShopSettings settings, Actor? by = null)
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
        if (by is null) return;
        Raise(new AfterSaleOpened(by, nowUtc, afterSale));
        Raise(new ReshipSubmitted(by, nowUtc, this, ApiWords.Of(Status), ApiWords.Of(Reason)));
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
    public ReissueOrder? Reissue { get; private set; }
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

    /// <summary>What <paramref name="actor"/> may do to this request now; every guard below asks the same rule.</summary>
    public IReadOnlySet<ReshipAction> AllowedActions(ReshipActorKind actor, DateTime nowUtc, ShopSettings settings) =>
        ReshipActions.ByStatus(actor, Status).Where(action => action switch
        {
            ReshipAction.Escalate => !IsRejectionExpired(nowUtc, settings),
            ReshipAction.AutoApprove => IsAnswerOverdue(nowUtc) && AutoApprovesWhenOverdue(settings),
            ReshipAction.AutoEscalate => IsAnswerOverdue(nowUtc) && !AutoApprovesWhenOverdue(settings),
            ReshipAction.CloseRejection => IsRejectionExpired(nowUtc, settings),
            ReshipAction.AutoComplete => IsReceiptOverdue(nowUtc, settings),
            _ => true,
        }).ToHashSet();

    /// <summary>An unanswered request is approved by the deadline job when the shop says so and the order is under its reissue limit.</summary>
    private bool AutoApprovesWhenOverdue(ShopSettings settings) => settings.OverdueReshipAction == OverdueReshipAction.AutoApprove
        && Order.CheckReissue(ReissueScenario.ReshipRequest, settings.MaxReissuesPerOrder).Allowed;

    /// <summary>Open: still counts as the order's one request (a rejection counts while the buyer may escalate).</summary>
    public bool IsOpen(DateTime nowUtc, ShopSettings settings) => Status switch
    {
        ReshipStatus.Pending or ReshipStatus.PlatformReview or ReshipStatus.Approved or ReshipStatus.Shipped => true,
        ReshipStatus.Rejected => !IsRejectionExpired(nowUtc, settings),
        _ => false,
    };

    public static void Validate(ReshipContent content)
    {
        Validate(content.Reason, content.Description, content.Address);
        if (content.Items.Count == 0) throw DomainException.Invalid("items", "至少要补寄一件商品");
    }

    /// <summary>The content's values that are wrong on their own, checked before anything is looked up.</summary>
    public static void Validate(ReshipReason reason, string? description, Address address)
    {
        if (!Enum.IsDefined(reason)) throw DomainException.Invalid("reason", "未知的补寄原因");
        if (TextInput.Length(description) > MaxDescriptionLength)
            throw DomainException.Invalid("description", "申请说明最多 {0} 个字", MaxDescriptionLength);
        address.EnsureValid();
    }

    public void Modify(ReshipContent content, DateTime nowUtc, ShopSettings settings, Actor? by = null)
    {
        Validate(content);
        Require(ReshipActorKind.Platform, ReshipAction.Modify, "修改");
        var from = Status;
        Apply(content);
        Revision++;
        _revisions.Add(new ReshipRevision(Revision, content, nowUtc));
        DueAtUtc = nowUtc + settings.ReshipAnswerWithin;
        Touch(nowUtc);
        Raise(by is null ? null : new ReshipModified(by, nowUtc, this, ApiWords.Of(from), ApiWords.Of(Status), Revision, ApiWords.Of(Reason)));
    }

    public void Withdraw(DateTime nowUtc, Actor? by = null)
    {
        Require(ReshipActorKind.Platform, ReshipAction.Withdraw, "撤销");
        End(ReshipStatus.Withdrawn, nowUtc, by, "withdrawn");
    }

    /// <summary>The buyer asks the platform to intervene, or the deadline job does when the merchant did not answer in time.</summary>
    public void Escalate(DateTime nowUtc, ShopSettings settings, bool byDeadline = false, Actor? by = null, string? note = null)
    {
        if (byDeadline) Require(ReshipActorKind.Deadline, ReshipAction.AutoEscalate, "申请平台介入");
        else Require(ReshipActorKind.Platform, ReshipAction.Escalate, "申请平台介入");
        if (IsRejectionExpired(nowUtc, settings))
            throw DomainException.State("拒绝已超过 {0} 天，不能再申请平台介入（当前状态为{1}）",
                settings.EscalateAfterRejectionWithin.TotalDays, ApiWords.Of(Status));
        var from = Status;
        Status = ReshipStatus.PlatformReview;
        EscalatedAtUtc = nowUtc;
        Touch(nowUtc);
        Raise(by is null ? null : new ReshipEscalated(by, nowUtc, this, ApiWords.Of(from), ApiWords.Of(Status), note));
    }

    /// <summary>
    /// The merchant agrees (or the deadline job does for them): the request is approved and its reissue created in the
    /// same step — an order at its reissue limit refuses both. Load the order with its items, shipments and reissues.
    /// </summary>
    public ReissueOrder Approve(DateTime nowUtc, Actor by, string reissueNo, ShopSettings settings, bool recorded = false, string? note = null)
    {
        Require(by.Kind == ActorKind.System ? ReshipActorKind.Deadline : ReshipActorKind.Merchant,
            by.Kind == ActorKind.System ? ReshipAction.AutoApprove : ReshipAction.Approve, "同意");
        var from = Status;
        var reissue = Order.CreateReissueFor(this, reissueNo, settings.MaxReissuesPerOrder, settings.ReissueShipWithin, nowUtc, recorded ? by : null);
        Status = ReshipStatus.Approved;
        ApprovedAtUtc = nowUtc;
        AnsweredBy = AnswerName(by);
        Touch(nowUtc);
        Reissue = reissue;
        if (recorded) Raise(new ReshipApproved(by, nowUtc, this, "approved", ApiWords.Of(from), ApiWords.Of(Status), note, reissue));
        return reissue;
    }

    public void Reject(RejectionReason reason, string? note, DateTime nowUtc, Actor by, bool recorded = false)
    {
        ValidateRejection(reason, note);
        Require(ReshipActorKind.Merchant, ReshipAction.Reject, "拒绝");
        var from = Status;
        Status = ReshipStatus.Rejected;
        RejectionReason = reason;
        RejectionNote = note!.Trim();
        RejectedAtUtc = nowUtc;
        AnsweredBy = AnswerName(by);
        Touch(nowUtc);
        if (recorded) Raise(new ReshipRejected(by, nowUtc, this, ApiWords.Of(from), ApiWords.Of(Status), ApiWords.Of(reason), RejectionNote));
    }

    private static string? AnswerName(Actor by) => by.Kind == ActorKind.System ? null : by.ToString();

    /// <summary>A rejection needs a reason from the list and a note; checked before the state, so bad input is named first.</summary>
    public static void ValidateRejection(RejectionReason reason, string? note)
    {
        if (!Enum.IsDefined(reason)) throw DomainException.Invalid("reasonCode", "请选择拒绝原因");
        if (string.IsNullOrWhiteSpace(note)) throw DomainException.Invalid("note", "请填写拒绝说明");
        if (TextInput.Length(note.Trim()) > MaxNoteLength) throw DomainException.Invalid("note", "拒绝说明最多 {0} 个字", MaxNoteLength);
    }

    /// <summary>
    /// The platform's ruling: for the buyer the request is approved and its reissue created — even at the order's
    /// reissue limit, which guards the merchant's own decisions, not the platform's; for the merchant it closes. A ruling
    /// for the buyer needs the reissue's number and the shop's settings.
    /// </summary>
    public ReissueOrder? Decide(PlatformOutcome outcome, DateTime nowUtc, string? reissueNo = null, ShopSettings? settings = null,
        Actor? by = null, string? note = null)
    {
        if (!Enum.IsDefined(outcome)) throw DomainException.Invalid("outcome", "裁决结果只能是 buyer 或 merchant");
        Require(ReshipActorKind.Platform, ReshipAction.Decide, "平台裁决");
        if (outcome == PlatformOutcome.Merchant)
        {
            End(ReshipStatus.Closed, nowUtc, by, "platform_decided", note);
            return null;
        }
        ArgumentNullException.ThrowIfNull(reissueNo);
        ArgumentNullException.ThrowIfNull(settings);
        var from = Status;
        Reissue = Order.CreateReissueFor(this, reissueNo, int.MaxValue, settings.ReissueShipWithin, nowUtc, by);
        Status = ReshipStatus.Approved;
        ApprovedAtUtc = nowUtc;
        Touch(nowUtc);
        Raise(by is null ? null : new ReshipApproved(by, nowUtc, this, "platform_decided", ApiWords.Of(from), ApiWords.Of(Status), note, Reissue));
        return Reissue;
    }

    /// <summary>Its reissue shipped; recorded as the system's step when that reissue is given.</summary>
    public void MarkShipped(DateTime nowUtc, ReissueOrder? shipped = null)
    {
        RequireStatus("发货", ReshipStatus.Approved);
        Status = ReshipStatus.Shipped;
        ShippedAtUtc = nowUtc;
        Touch(nowUtc);
        Raise(shipped is null ? null : new ReshipShipped(nowUtc, this, ApiWords.Of(ReshipStatus.Approved), ApiWords.Of(Status), shipped));
    }

    /// <summary>Its reissue's number was taken back right after entry: it waits for shipping again.</summary>
    public void UndoShipped(DateTime nowUtc, ReissueOrder? undone = null)
    {
        RequireStatus("撤销发货", ReshipStatus.Shipped);
        Status = ReshipStatus.Approved;
        ShippedAtUtc = null;
        Touch(nowUtc);
        Raise(undone is null ? null : new ReshipShippingUndone(nowUtc, this, ApiWords.Of(ReshipStatus.Shipped), ApiWords.Of(Status), undone.ReissueNo));
    }

    public void ConfirmReceipt(DateTime nowUtc, Actor? by = null)
    {
        Require(ReshipActorKind.Platform, ReshipAction.ConfirmReceipt, "确认收货");
        End(ReshipStatus.Completed, nowUtc, by, "receipt_confirmed");
    }

    private void Apply(ReshipContent content)
    {
        Reason = content.Reason;
        Description = string.IsNullOrWhiteSpace(content.Description) ? null : content.Description.Trim();
        Address = content.Address;
        _items.Clear();
        _items.AddRange(content.Items);
    }

    /// <summary>
    /// Ends the request. Told who ended it, the step also closes its after-sale (load it) and is recorded under
    /// <paramref name="action"/>.
    /// </summary>
    private void End(ReshipStatus status, DateTime nowUtc, Actor? by, string action, string? note = null)
    {
        var from = Status;
        Status = status;
        EndedAtUtc = nowUtc;
        Touch(nowUtc);
        if (by is null) return;
        Raise(new ReshipEnded(by, nowUtc, this, action, ApiWords.Of(from), ApiWords.Of(Status), note));
        if (AfterSale.Close(nowUtc)) Raise(new AfterSaleClosed(by, nowUtc, this, ApiWords.Of(Status)));
    }

    private void Require(ReshipActorKind actor, ReshipAction action, string label)
    {
        if (!ReshipActions.ByStatus(actor, Status).Contains(action))
            throw DomainException.State("补寄申请当前状态为{0}，不能{1}", ApiWords.Of(Status), label);
    }

    private void RequireStatus(string label, ReshipStatus allowed)
    {
        if (Status != allowed) throw DomainException.State("补寄申请当前状态为{0}，不能{1}", ApiWords.Of(Status), label);
    }

    private void Touch(DateTime nowUtc) => UpdatedAtUtc = nowUtc;
}

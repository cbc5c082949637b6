using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Domain.Reissues;

public enum ReissueStatus
{
    AwaitingManualTracking,
    AwaitingTracking,
    Shipped,
    Delivered,
    Cancelled,
}

public enum ReissueSource
{
    Manual,
    Auto,
    ReshipRequest,
}

public enum ReissueScenario
{
    AfterSaleWithdrawn,
    Intercepted,
    DamagedReturned,
    ReshipRequest,
}

/// <summary>What the creator of a reissue asks for; the order decides whether it may be created.</summary>
public sealed record ReissueRequest(
    ReissueScenario Scenario,
    ReissueSource Source,
    IReadOnlyList<ItemQuantity>? Items = null,
    Address? Address = null,
    string? Carrier = null,
    string? Remark = null,
    AfterSales.AfterSale? AfterSale = null);

/// <summary>
/// 补发单: one more parcel for an original order. Numbered per order (第 N 次补发); only the first gets its
/// tracking number from the e-waybill service, every later one waits for staff to enter it.
/// </summary>
public sealed class ReissueOrder : RaisesEvents, IVersioned
{
    /// <summary>The longest remark, or reason for cancelling or correcting, a reissue keeps.</summary>
    public const int MaxNoteLength = 200;

    private readonly List<LineItem> _items = [];

    private ReissueOrder() { }

    internal ReissueOrder(Order order, string reissueNo, int sequence, ReissueRequest request, ReshipRequests.ReshipRequest? reshipRequest, Shipment? replaces,
        IEnumerable<LineItem> items, Address address, DateTime nowUtc, DateTime shipByUtc, Actor? by)
    {
        Order = order;
        OrderNo = order.OrderNo;
        ReissueNo = reissueNo;
        Sequence = sequence;
        Source = request.Source;
        Scenario = request.Scenario;
        ReplacesShipment = replaces;
        PreferredCarrier = request.Carrier is { } c ? Courier.Find(c)?.Code : null;
        Remark = string.IsNullOrWhiteSpace(request.Remark) ? null : request.Remark.Trim();
        ReshipRequest = reshipRequest;
        AfterSale = request.AfterSale;
        _items.AddRange(items);
        Address = address;
        Status = sequence == 1 ? ReissueStatus.AwaitingTracking : ReissueStatus.AwaitingManualTracking;
        CreatedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
        ShipByUtc = shipByUtc;
        Raise(by is null ? null : new ReissueCreated(by, nowUtc, this));
    }

    public int Id { get; private set; }
    public string ReissueNo { get; private set; } = "";
    public int OrderId { get; private set; }

    /// <summary>The original order's number, kept on the reissue so the list can sort and filter by it on an index.</summary>
    public string OrderNo { get; private set; } = "";
    public Order Order { get; private set; } = null!;
    public int Sequence { get; private set; }
    public ReissueSource Source { get; private set; }
    public ReissueScenario Scenario { get; private set; }
    public ReissueStatus Status { get; private set; }

    /// <summary>The stopped parcel this reissue replaces (none for a reship request's reissue).</summary>
    public int? ReplacesShipmentId { get; private set; }
    public Shipment? ReplacesShipment { get; private set; }

    public string? PreferredCarrier { get; private set; }
    public string? Carrier { get; private set; }
    public string? TrackingNo { get; private set; }
    public Shipment? Shipment { get; private set; }
    public int? ReshipRequestId { get; private set; }
    public ReshipRequests.ReshipRequest? ReshipRequest { get; private set; }

    /// <summary>The withdrawn after-sale that made the system create this reissue (scenario 1).</summary>
    public int? AfterSaleId { get; private set; }
    public AfterSales.AfterSale? AfterSale { get; private set; }
    public Address Address { get; private set; } = null!;
    public string? Remark { get; private set; }
    public string? CancelReason { get; private set; }

    /// <summary>The e-waybill service's last failure, shown with a retry button; null when none.</summary>
    public string? WaybillError { get; private set; }

    public int WaybillAttempts { get; private set; }

    /// <summary>Failed e-waybill requests in a row; the service is asked again by itself after growing waits.</summary>
    public int WaybillFailures { get; private set; }

    /// <summary>When the e-waybill service is asked again by itself; null when no retry is planned (then a person retries).</summary>
    public DateTime? NextWaybillAttemptAtUtc { get; private set; }

    /// <summary>When its packing slip was last printed; null when never.</summary>
    public DateTime? PrintedAtUtc { get; private set; }

    /// <summary>
    /// Until when one instance's e-waybill dispatcher holds this reissue while it asks the courier for a number;
    /// null when nobody does. Claimed in the database, so two instances never ask twice for one reissue.
    /// </summary>
    public DateTime? WaybillClaimedUntilUtc { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }
    public DateTime ShipByUtc { get; private set; }
    public DateTime? ShippedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>The parcel this one replaced reached the buyer after all: the buyer may now have two.</summary>
    public bool ReplacedParcelDelivered { get; private set; }

    public Guid Version { get; set; }

    public IReadOnlyList<LineItem> Items => _items;

    public bool IsAwaitingNumber => ReissueActions.IsAwaitingNumber(Status);

    /// <summary>What a person may do to it now (<see cref="ReissueActions"/>), as the list offers it.</summary>
    public IReadOnlySet<ReissueAction> AllowedActions => ReissueActions.Allowed(Status, Source, WaybillError is not null);

    /// <summary>Ships the reissue with a tracking number and creates its parcel; recorded as done <paramref name="by"/>, when given.</summary>
    public Shipment Ship(Courier courier, string trackingNo, DateTime nowUtc, bool automatic, Actor? by = null)
    {
        var from = Status;
        if (automatic ? Status != ReissueStatus.AwaitingTracking : !IsAwaitingNumber)
            throw DomainException.State("补发单当前状态为{0}，不能填写物流单号", ApiWords.Of(Status));
        Carrier = courier.Code;
        TrackingNo = trackingNo;
        Shipment = new Shipment(OrderId, ShipmentKind.Reissue, courier, trackingNo, nowUtc);
        // Loaded together (the usual case), the order sees its new parcel at once.
        if (Order is not null) Order.AttachShipment(Shipment);
        Status = ReissueStatus.Shipped;
        ShippedAtUtc = nowUtc;
        WaybillError = null;
        NextWaybillAttemptAtUtc = null;
        WaybillClaimedUntilUtc = null;
        UpdatedAtUtc = nowUtc;
        Raise(by is null ? null : new ReissueShipped(by, nowUtc, this, ApiWords.Of(from), ApiWords.Of(Status), Carrier, TrackingNo));
        return Shipment;
    }

    /// <summary>How long after a number was entered by hand it may be taken back (连续录入's undo).</summary>
    public static readonly TimeSpan UndoWindow = TimeSpan.FromMinutes(10);

    /// <summary>
    /// 撤销: takes back a number just entered by hand, while its parcel has no courier news; the reissue waits for
    /// its number again. Returns the parcel, which the caller deletes.
    /// </summary>
    public Shipment UndoShipping(DateTime nowUtc, Actor? by = null)
    {
        if (Status != ReissueStatus.Shipped || Shipment is null || Sequence == 1)
            throw DomainException.State("补发单当前状态为{0}，不能撤销", ApiWords.Of(Status));
        if (Shipment.Status != ShipmentStatus.Collected || Shipment.Events.Count > 1)
            throw DomainException.State("快递公司已有该包裹的消息，不能撤销，请使用更正物流单号");
        if (ShippedAtUtc is not { } shipped || nowUtc - shipped > UndoWindow)
            throw DomainException.State("只能撤销 {0} 分钟内录入的单号，请使用更正物流单号", (int)UndoWindow.TotalMinutes);
        var parcel = Shipment;
        var (carrier, number) = (Carrier, TrackingNo);
        Order?.DetachShipment(parcel);
        Shipment = null;
        Carrier = null;
        TrackingNo = null;
        ShippedAtUtc = null;
        Status = ReissueStatus.AwaitingManualTracking;
        UpdatedAtUtc = nowUtc;
        Raise(by is null ? null : new ReissueShippingUndone(by, nowUtc, this, ApiWords.Of(Status), carrier, number));
        return parcel;
    }

    /// <summary>更正物流单号: replaces a wrong number on a shipped reissue; the caller records the old one.</summary>
    public void CorrectTracking(Courier courier, string trackingNo, string? reason, DateTime nowUtc, Actor? by = null)
    {
        // A delivered reissue has shipped too: its number may still be corrected.
        if (!AllowedActions.Contains(ReissueAction.CorrectTracking) || Shipment is null)
            throw DomainException.State("补发单当前状态为{0}，只有已发货的补发单可以更正物流单号", ApiWords.Of(Status));
        if (string.IsNullOrWhiteSpace(reason))
            throw DomainException.Invalid("reason", "更正物流单号须填写原因");
        var (oldCarrier, oldNumber) = (Carrier, TrackingNo);
        Carrier = courier.Code;
        TrackingNo = trackingNo;
        Shipment.CorrectTrackingNumber(courier, trackingNo, nowUtc);
        UpdatedAtUtc = nowUtc;
        Raise(by is null ? null : new ReissueTrackingCorrected(by, nowUtc, this, ApiWords.Of(Status), oldCarrier, oldNumber, courier.Code, trackingNo, reason.Trim()));
    }

    /// <summary>Cancels before shipping. A reissue created by a reship request is cancelled only through that request.</summary>
    public void Cancel(string? reason, DateTime nowUtc, bool byReshipRequest = false, Actor? by = null)
    {
        if (Source == ReissueSource.ReshipRequest && !byReshipRequest)
            throw DomainException.State("该补发单由补寄申请创建，不能单独取消");
        if (!IsAwaitingNumber)
            throw DomainException.State("补发单当前状态为{0}，只有发货前可以取消", ApiWords.Of(Status));
        if (string.IsNullOrWhiteSpace(reason))
            throw DomainException.Invalid("reason", "请填写取消原因");
        if (TextInput.Length(reason) > MaxNoteLength) throw DomainException.Invalid("reason", "原因最多 {0} 个字", MaxNoteLength);
        var from = Status;
        Status = ReissueStatus.Cancelled;
        CancelReason = reason.Trim();
        UpdatedAtUtc = nowUtc;
        Order.RefreshReissueHint();
        Raise(by is null ? null : new ReissueCancelled(by, nowUtc, this, ApiWords.Of(from), ApiWords.Of(Status), CancelReason));
    }

    /// <summary>The waits before the e-waybill service is asked again by itself after the 1st, 2nd … failure in a row.</summary>
    public static readonly IReadOnlyList<TimeSpan> WaybillRetryWaits =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60)];

    /// <summary>Records a failed request and plans the next automatic one; after the last wait it needs a person.</summary>
    public void RecordWaybillFailure(string error, DateTime nowUtc, Actor? by = null)
    {
        WaybillError = error.Length > 300 ? error[..300] : error;
        WaybillClaimedUntilUtc = null;
        WaybillAttempts++;
        WaybillFailures++;
        NextWaybillAttemptAtUtc = WaybillFailures <= WaybillRetryWaits.Count ? nowUtc + WaybillRetryWaits[WaybillFailures - 1] : null;
        UpdatedAtUtc = nowUtc;
        Raise(by is null ? null : new ReissueNoted(by, nowUtc, this, "waybill_failed", ApiWords.Of(Status), NextWaybillAttemptAtUtc is { } next
            ? $"{error}（{(next - nowUtc).TotalMinutes:0} 分钟后自动重试）"
            : $"{error}（自动重试已用完，需人工处理）"));
    }

    /// <summary>Waits for its automatic number and may be asked for it now: never failed, or its planned retry is due.</summary>
    public bool IsDueForWaybill(DateTime nowUtc) =>
        Status == ReissueStatus.AwaitingTracking && (WaybillError is null || NextWaybillAttemptAtUtc <= nowUtc);

    /// <summary>The automatic number failed and no automatic retry is left: a person must retry or enter it.</summary>
    public bool WaybillNeedsPerson => Status == ReissueStatus.AwaitingTracking && WaybillError is not null && NextWaybillAttemptAtUtc is null;

    /// <summary>Its packing slip was printed (again), one of <paramref name="batch"/> slips.</summary>
    public void MarkPrinted(DateTime nowUtc, Actor? by = null, int batch = 1)
    {
        PrintedAtUtc = nowUtc;
        Raise(by is null ? null : new ReissueNoted(by, nowUtc, this, "printed", ApiWords.Of(Status), $"{ReissueNo} ×{batch}"));
    }

    public void RecordWaybillAttempt() => WaybillAttempts++;

    /// <summary>Takes the e-waybill claim for <paramref name="lease"/>; false when the reissue no longer waits or another holds it.</summary>
    public bool TryClaimWaybill(DateTime nowUtc, TimeSpan lease)
    {
        if (!IsDueForWaybill(nowUtc)) return false;
        if (WaybillClaimedUntilUtc is { } until && until > nowUtc) return false;
        WaybillClaimedUntilUtc = nowUtc + lease;
        return true;
    }

    /// <summary>Clears the failure so the e-waybill dispatcher tries again.</summary>
    public void RetryWaybill(DateTime nowUtc, Actor? by = null)
    {
        if (!AllowedActions.Contains(ReissueAction.RetryWaybill))
            throw DomainException.State("补发单当前状态为{0}，无需重新获取单号", ApiWords.Of(Status));
        WaybillError = null;
        WaybillFailures = 0;
        NextWaybillAttemptAtUtc = null;
        UpdatedAtUtc = nowUtc;
        Raise(by is null ? null : new ReissueNoted(by, nowUtc, this, "waybill_retry", ApiWords.Of(Status), null));
    }

    internal void MarkDelivered(DateTime nowUtc)
    {
        if (Status != ReissueStatus.Shipped) return;
        Status = ReissueStatus.Delivered;
        UpdatedAtUtc = nowUtc;
    }

    internal void FlagReplacedParcelDelivered(DateTime nowUtc)
    {
        if (ReplacedParcelDelivered) return;
        ReplacedParcelDelivered = true;
        UpdatedAtUtc = nowUtc;
    }
}

using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Domain.Orders;

public enum OrderStatus
{
    AwaitingShipment,
    Shipped,
    Delivered,
}

/// <summary>
/// An original order and everything that went out for it. It owns the reissue rules because they
/// depend on all its parcels: which one was stopped, which is already covered, how many reissues exist.
/// </summary>
public sealed partial class Order : RaisesEvents, IVersioned
{
    private readonly List<OrderItem> _items = [];
    private readonly List<Shipment> _shipments = [];
    private readonly List<ReissueOrder> _reissues = [];
    private readonly List<AfterSale> _afterSales = [];

    private Order() { }

    public Order(string orderNo, Buyer buyer, Address address, IEnumerable<OrderItem> items, DateTime paidAtUtc, DateTime nowUtc, Actor? by = null)
    {
        OrderNo = orderNo;
        Buyer = buyer;
        Address = address;
        _items.AddRange(items);
        if (_items.Count == 0) throw DomainException.Invalid("items", "订单至少要有一件商品");
        PaidAtUtc = paidAtUtc;
        CreatedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
        Status = OrderStatus.AwaitingShipment;
        Raise(by is null ? null : new OrderCreated(by, nowUtc, this, ApiWords.Of(Status)));
    }

    public int Id { get; private set; }
    public string OrderNo { get; private set; } = "";
    public int BuyerId { get; private set; }
    public Buyer Buyer { get; private set; } = null!;
    public Address Address { get; private set; } = null!;
    public OrderStatus Status { get; private set; }
    public DateTime PaidAtUtc { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    public long TotalAmount => _items.Sum(i => i.UnitPrice * i.Quantity);

    /// <summary>待补发: a parcel was stopped (intercepted or returned) and no reissue covers it yet.</summary>
    public bool NeedsReissue { get; private set; }

    /// <summary>Set when the system wanted to reissue by itself but the order is at its reissue limit.</summary>
    public bool ReissueLimitFlagged { get; private set; }

    public Guid Version { get; set; }

    public IReadOnlyList<OrderItem> Items => _items;
    public IReadOnlyList<Shipment> Shipments => _shipments;
    public IReadOnlyList<ReissueOrder> Reissues => _reissues;
    public IReadOnlyList<AfterSale> AfterSales => _afterSales;

    public int ActiveReissueCount => _reissues.Count(r => r.Status != ReissueStatus.Cancelled);

    /// <summary>Ships the original parcel; recorded as done <paramref name="by"/>, when given.</summary>
    public Shipment Ship(Courier courier, string trackingNo, DateTime nowUtc, Actor? by = null)
    {
        if (_shipments.Any(s => s.Kind == ShipmentKind.Original))
            throw DomainException.State("订单已发货，当前状态为{0}", ApiWords.Of(Status));
        var shipment = new Shipment(Id, ShipmentKind.Original, courier, trackingNo, nowUtc);
        _shipments.Add(shipment);
        var from = Status;
        Status = OrderStatus.Shipped;
        Touch(nowUtc);
        if (by is not null)
        {
            Raise(new OrderParcelCreated(by, nowUtc, this, shipment));
            Raise(new OrderShipped(by, nowUtc, this, shipment, ApiWords.Of(from), ApiWords.Of(Status)));
        }
        return shipment;
    }

    /// <summary>
    /// A courier event on one of its parcels (<see cref="Shipment.ApplyCourierEvent"/>), recorded as reported
    /// <paramref name="by"/>: the order keeps in step, and a reissue whose replaced parcel arrived after all is flagged.
    /// </summary>
    public CourierEventOutcome ApplyCourierEvent(Shipment shipment, ShipmentStatus status, DateTime atUtc, DateTimeOffset atShop, DateTime nowUtc,
        Actor by, int staleKept = 0, bool staleSeen = false)
    {
        var from = shipment.Status;
        var flaggedBefore = _reissues.Where(r => r.ReplacedParcelDelivered).ToHashSet();
        var outcome = shipment.ApplyCourierEvent(status, atUtc, nowUtc, staleKept, staleSeen);
        if (outcome == CourierEventOutcome.Repeated) return outcome;
        var applied = outcome == CourierEventOutcome.Applied;
        if (applied) OnShipmentChanged(shipment, nowUtc);
        Raise(new CourierEventApplied(by, nowUtc, shipment, OrderNo, ApiWords.Of(from), status, atShop, applied));
        foreach (var reissue in _reissues.Where(r => r.ReplacedParcelDelivered && !flaggedBefore.Contains(r)))
            Raise(new ReplacedParcelDelivered(nowUtc, reissue, shipment));
        return outcome;
    }

    /// <summary>Keeps the order's status and 待补发 hint in step after a courier event on one of its parcels.</summary>
    public void OnShipmentChanged(Shipment shipment, DateTime nowUtc)
    {
        if (shipment.Status == ShipmentStatus.Delivered)
        {
            // The parcel that finally reached the buyer may be the original or a reissue that replaced it.
            Status = OrderStatus.Delivered;
            foreach (var r in _reissues.Where(r => r.ReplacesShipment == shipment && r.Status != ReissueStatus.Cancelled))
                r.FlagReplacedParcelDelivered(nowUtc);
            if (_reissues.FirstOrDefault(r => r.Shipment == shipment) is { } own)
                own.MarkDelivered(nowUtc);
        }
        RefreshReissueHint();
        Touch(nowUtc);
    }

    public void RefreshReissueHint() =>
        NeedsReissue = _shipments.Any(s => s.IsStopped && !IsCovered(s));

    private bool IsCovered(Shipment s) =>
        _reissues.Any(r => r.ReplacesShipment == s && r.Status != ReissueStatus.Cancelled);

    /// <summary>The parcel a manual reissue of this scenario would replace, or null when there is none.</summary>
    public Shipment? FindReplaceableShipment(ReissueScenario scenario) => scenario switch
    {
        ReissueScenario.Intercepted => _shipments
            .Where(s => s.WasIntercepted && s.Status != ShipmentStatus.Delivered && !IsCovered(s))
            .OrderByDescending(s => s.CreatedAtUtc).FirstOrDefault(),
        ReissueScenario.DamagedReturned => _shipments
            .Where(s => s.Status == ShipmentStatus.Returned && !IsCovered(s))
            .OrderByDescending(s => s.CreatedAtUtc).FirstOrDefault(),
        _ => null,
    };

    /// <summary>
    /// Scenario 1: the parcel to replace when an after-sale is withdrawn — the latest parcel, if it was
    /// stopped and nothing later is on its way (a reissue still waiting for its number counts as on its way).
    /// </summary>
    public Shipment? FindParcelToReplaceOnWithdrawal()
    {
        if (_reissues.Any(r => r.Status is ReissueStatus.AwaitingTracking or ReissueStatus.AwaitingManualTracking))
            return null;
        var latest = _shipments.OrderByDescending(s => s.CreatedAtUtc).ThenByDescending(s => s.Id).FirstOrDefault();
        return latest is { IsStopped: true } && !IsCovered(latest) ? latest : null;
    }

    /// <summary>
    /// The one reissue rule: whether a reissue of <paramref name="scenario"/> may be created now — the parcel it would
    /// replace (none for a reship request), or the refusal and why. The parcel must exist and not be covered (for the
    /// intercepted / returned scenarios, and on a withdrawn after-sale), and at most <paramref name="maxReissues"/>
    /// reissues may be not cancelled.
    /// </summary>
    public ReissueCheck CheckReissue(ReissueScenario scenario, int maxReissues)
    {
        if (_shipments.Count == 0 && scenario != ReissueScenario.ReshipRequest)
            return ReissueCheck.No(ReissueRefusal.NotShipped, "订单尚未发货，不能补发（当前状态为{0}）", ApiWords.Of(Status));

        Shipment? replaced = null;
        if (scenario is ReissueScenario.Intercepted or ReissueScenario.DamagedReturned)
        {
            replaced = FindReplaceableShipment(scenario);
            if (replaced is null)
            {
                var stopped = _shipments.Any(s => scenario == ReissueScenario.Intercepted
                    ? s.WasIntercepted && s.Status != ShipmentStatus.Delivered
                    : s.Status == ShipmentStatus.Returned);
                return stopped ? ReissueCheck.No(ReissueRefusal.AlreadyCovered, "该包裹已有补发单覆盖，不能重复补发")
                    : ReissueCheck.No(ReissueRefusal.NothingToReplace, scenario == ReissueScenario.Intercepted
                        ? "订单没有拦截成功的包裹，不能按拦截补发"
                        : "订单没有拒收退回的包裹，不能按破损退回补发");
            }
        }
        else if (scenario == ReissueScenario.AfterSaleWithdrawn)
        {
            replaced = FindParcelToReplaceOnWithdrawal();
            if (replaced is null) return ReissueCheck.No(ReissueRefusal.NothingToReplace, "订单没有被拦截或退回的包裹，无需补发");
        }

        if (ActiveReissueCount >= maxReissues)
            return new ReissueCheck(replaced, ReissueRefusal.AtLimit, "该订单已有 {0} 个补发单，已达上限", [ActiveReissueCount]);
        return new ReissueCheck(replaced, null, null, []);
    }

    /// <summary>
    /// Creates the next reissue of this order when <see cref="CheckReissue"/> allows it, items within what was ordered.
    /// Only sequence 1 gets its number automatically. A reship request's reissue is created by approving the request
    /// (<see cref="ReshipRequests.ReshipRequest.Approve"/>), never on its own.
    /// </summary>
    public ReissueOrder CreateReissue(ReissueRequest request, string reissueNo, int maxReissues, TimeSpan shipWithin, DateTime nowUtc, Actor? by = null)
    {
        if (request.Scenario == ReissueScenario.ReshipRequest)
            throw DomainException.State("补寄申请的补发单只能通过同意补寄申请生成");
        return AddReissue(request, null, reissueNo, maxReissues, shipWithin, nowUtc, by);
    }

    /// <summary>The reissue an approved reship request sends: its items to its address, linked to it.</summary>
    internal ReissueOrder CreateReissueFor(ReshipRequests.ReshipRequest reshipRequest, string reissueNo, int maxReissues, TimeSpan shipWithin,
        DateTime nowUtc, Actor? by)
    {
        var items = reshipRequest.Items.Select(i => new ItemQuantity(i.Sku, i.Quantity)).ToList();
        return AddReissue(new ReissueRequest(ReissueScenario.ReshipRequest, ReissueSource.ReshipRequest, items, reshipRequest.Address),
            reshipRequest, reissueNo, maxReissues, shipWithin, nowUtc, by);
    }

    private ReissueOrder AddReissue(ReissueRequest request, ReshipRequests.ReshipRequest? reshipRequest, string reissueNo, int maxReissues,
        TimeSpan shipWithin, DateTime nowUtc, Actor? by)
    {
        var check = CheckReissue(request.Scenario, maxReissues);
        if (!check.Allowed) throw check.ToException();

        var items = ResolveItems(request.Items);
        var address = request.Address ?? Address;
        address.EnsureValid();
        if (request.Remark is { Length: > ReissueOrder.MaxNoteLength }) throw DomainException.Invalid("remark", "备注最多 {0} 个字", ReissueOrder.MaxNoteLength);
        if (!string.IsNullOrWhiteSpace(request.Carrier)) CourierChoice.Require(request.Carrier);

        var sequence = _reissues.Count + 1;
        var reissue = new ReissueOrder(this, reissueNo, sequence, request, reshipRequest, check.Replaces, items, address, nowUtc, nowUtc + shipWithin, by);
        _reissues.Add(reissue);
        RefreshReissueHint();
        Touch(nowUtc);
        return reissue;
    }

    /// <summary>Items of a reissue or reship request: the whole order when none are given; each within what was ordered.</summary>
    public List<LineItem> ResolveItems(IReadOnlyList<ItemQuantity>? requested)
    {
        if (requested is null || requested.Count == 0)
            return _items.Select(i => new LineItem(i.Sku, i.Name, i.Quantity)).ToList();

        var result = new List<LineItem>();
        foreach (var group in requested.GroupBy(r => Catalog.Product.NormaliseSku(r.Sku)))
        {
            // Summed as long: two lines of int.MaxValue must be refused, not overflow.
            var quantity = group.Sum(g => (long)g.Quantity);
            if (group.Any(g => g.Quantity <= 0))
                throw DomainException.Invalid("items", "数量必须大于 0（{0}）", group.Key);
            var ordered = _items.Where(i => i.Sku == group.Key).ToList();
            if (ordered.Count == 0)
                throw new DomainException(DomainErrorKind.BreaksStoredFact, "订单中没有商品 {0}", group.Key) { Field = "items" };
            var max = ordered.Sum(i => (long)i.Quantity);
            if (quantity > max)
                throw new DomainException(DomainErrorKind.BreaksStoredFact, "{0} 的数量 {1} 超过了订单数量 {2}", group.Key, quantity, max) { Field = "items" };
            result.Add(new LineItem(group.Key, ordered[0].Name, (int)quantity));
        }
        return result;
    }

    internal void AttachShipment(Shipment shipment)
    {
        if (!_shipments.Contains(shipment)) _shipments.Add(shipment);
    }

    internal void DetachShipment(Shipment shipment) => _shipments.Remove(shipment);

    public void Touch(DateTime nowUtc) => UpdatedAtUtc = nowUtc;
}

public sealed class OrderItem
{
    /// <summary>The most of one line: keeps every sum of quantities far from overflowing.</summary>
    public const int MaxQuantity = 9999;

    /// <summary>The most lines in an order, a reissue or a request.</summary>
    public const int MaxLines = 100;

    private OrderItem() { }

    public OrderItem(string sku, string name, int quantity, long unitPrice)
    {
        if (quantity <= 0) throw DomainException.Invalid("items", "数量必须大于 0（{0}）", sku);
        if (quantity > MaxQuantity) throw DomainException.Invalid("items", "每行数量最多 {0}", MaxQuantity);
        if (unitPrice is < 0 or > Catalog.Product.MaxUnitPrice) throw DomainException.Invalid("items", "单价须为 0–{0} 的整数（分）", Catalog.Product.MaxUnitPrice);
        Sku = sku;
        Name = name;
        Quantity = quantity;
        UnitPrice = unitPrice;
    }

    public int Id { get; private set; }
    public int OrderId { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int Quantity { get; private set; }
    public long UnitPrice { get; private set; }
}

/// <summary>A SKU and a quantity as a client asks for it.</summary>
public sealed record ItemQuantity(string Sku, int Quantity);

/// <summary>A SKU, its name at the time and a quantity: what a reissue or request sends.</summary>
public sealed record LineItem(string Sku, string Name, int Quantity);

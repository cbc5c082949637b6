using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Warehouse.Orders;

/// <summary>
/// 仓配订单: finding orders by number, tracking number or phone tail, and an order's full picture. Phones are
/// masked in lists; the full shipping phone is given only to roles that ship (<see cref="Permission.ShippingContact"/>).
/// </summary>
public sealed class OrderService(IDbContextFactory<ReshipDbContext> factory, AccessGuard guard)
{
    /// <summary>Reads what the merchant typed: a whole or partial order number, a tracking number, a phone (whole, masked as shown, or its last 4 digits).</summary>
    public static OrderSearchInterpretation Interpret(string? text)
    {
        var value = OrderNumber.Normalise(text);
        if (value.Length == 0) return new(OrderSearchKind.All, "", null);
        if (OrderNumber.IsValid(value)) return new(OrderSearchKind.OrderNo, value, null);
        if (value.Length == 4 && value.All(char.IsAsciiDigit)) return new(OrderSearchKind.PhoneLast4, value, null);
        if (Domain.Common.PhoneMask.IsValid(value)) return new(OrderSearchKind.Phone, value, null);
        if (IsMaskedPhone(value)) return new(OrderSearchKind.MaskedPhone, value, null);
        if (value.Length >= 7 && value[6] == '-' && value[..6].All(char.IsAsciiDigit))
        {
            return value[7..].All(char.IsAsciiDigit) && value.Length < 22
                ? new(OrderSearchKind.OrderNoPrefix, value, null)
                : new(OrderSearchKind.OrderNo, value, OrderNumber.FormatMessage);
        }
        var tracking = TrackingNumber.Normalise(text);
        if (tracking.Length is >= 6 and <= 40 && tracking.All(char.IsAsciiLetterOrDigit))
            return new(OrderSearchKind.TrackingNo, tracking, null);
        return new(OrderSearchKind.All, value, "请输入订单号、物流单号、手机号或手机号后 4 位");
    }

    /// <summary>138****1234 as lists show it (any number of stars between the first three and last four digits).</summary>
    private static bool IsMaskedPhone(string value)
    {
        var stars = value.Length - 7;
        return stars >= 1 && value[0] == '1' && value[..3].All(char.IsAsciiDigit) && value[^4..].All(char.IsAsciiDigit)
            && value[3..^4].All(c => c == '*');
    }

    public async Task<OrderSearchResult> SearchAsync(OrderQuery query, CancellationToken cancellationToken = default)
    {
        var interpretation = Interpret(query.Text);
        if (interpretation.ProblemKey is not null)
            return new(interpretation, new PagedResult<OrderRow>([], 0));

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var value = interpretation.Value;
        if (!query.NeedsReissueOnly && OrderLookups.Covers(interpretation.Kind))
        {
            var page = Math.Max(0, query.Page);
            var size = Math.Clamp(query.PageSize, 1, 100);
            var (found, count) = await OrderLookups.PageAsync(db, interpretation.Kind, value, page, size, cancellationToken);
            return new(interpretation, new PagedResult<OrderRow>(found, count), Counted: true,
                HasPrevious: page > 0, HasNext: (page + 1) * size < count);
        }

        var orders = db.Orders.AsNoTracking();
        var end = Prefix.End(value);
        orders = interpretation.Kind switch
        {
            OrderSearchKind.OrderNo => orders.Where(o => o.OrderNo == value),
            OrderSearchKind.OrderNoPrefix => orders.Where(o => string.Compare(o.OrderNo, value) >= 0 && string.Compare(o.OrderNo, end) < 0),
            OrderSearchKind.PhoneLast4 => orders.Where(o => db.Buyers.Where(b => b.PhoneLast4 == value).Select(b => b.Id).Contains(o.BuyerId)),
            OrderSearchKind.Phone => orders.Where(o => db.Buyers.Where(b => b.PhoneLast4 == value.Substring(7) && b.Phone == value).Select(b => b.Id).Contains(o.BuyerId)),
            OrderSearchKind.MaskedPhone => orders.Where(o => db.Buyers.Where(b => b.PhoneLast4 == value.Substring(value.Length - 4) && b.Phone.StartsWith(value.Substring(0, 3)))
                .Select(b => b.Id).Contains(o.BuyerId)),
            OrderSearchKind.TrackingNo => orders.Where(o => db.Shipments.Where(s => s.TrackingNo == value).Select(s => s.OrderId).Contains(o.Id)),
            _ => orders,
        };
        if (query.NeedsReissueOnly) orders = orders.Where(o => o.NeedsReissue);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);

        // Lookups and 待补发 are small (the latter on its partial index): counted and paged by number.
        var counted = query.NeedsReissueOnly || interpretation.Kind is OrderSearchKind.OrderNo or OrderSearchKind.TrackingNo or OrderSearchKind.PhoneLast4;
        if (counted)
        {
            var total = await orders.CountAsync(cancellationToken);
            var page = await Rows(Newest(orders).Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
            return new(interpretation, new PagedResult<OrderRow>(page, total), Counted: true,
                HasPrevious: query.Page > 0, HasNext: (query.Page + 1) * pageSize < total);
        }

        // The whole list (a million orders) is never counted: keyset pages on the payment-time index.
        List<OrderRow> rows;
        bool hasPrevious, hasNext;
        if (query.Before is { } before)
        {
            rows = await Rows(orders
                    .Where(o => o.PaidAtUtc >= before.PaidAtUtc && (o.PaidAtUtc > before.PaidAtUtc || o.Id > before.Id))
                    .OrderBy(o => o.PaidAtUtc).ThenBy(o => o.Id).Take(pageSize + 1))
                .ToListAsync(cancellationToken);
            hasPrevious = rows.Count > pageSize;
            rows = rows.Take(pageSize).Reverse().ToList();
            hasNext = true;
        }
        else
        {
            if (query.After is { } after)
                orders = orders.Where(o => o.PaidAtUtc <= after.PaidAtUtc && (o.PaidAtUtc < after.PaidAtUtc || o.Id < after.Id));
            rows = await Rows(Newest(orders).Take(pageSize + 1)).ToListAsync(cancellationToken);
            hasNext = rows.Count > pageSize;
            rows = rows.Take(pageSize).ToList();
            hasPrevious = query.After is not null;
        }
        return new(interpretation, new PagedResult<OrderRow>(rows, rows.Count), Counted: false, hasPrevious, hasNext);
    }

    private static IQueryable<Order> Newest(IQueryable<Order> orders) =>
        orders.OrderByDescending(o => o.PaidAtUtc).ThenByDescending(o => o.Id);

    private static IQueryable<OrderRow> Rows(IQueryable<Order> orders) => orders.Select(OrderLookups.Row);

    public async Task<OrderDetail?> GetDetailAsync(string? orderNo, CancellationToken cancellationToken = default)
    {
        var number = OrderNumber.Normalise(orderNo);
        if (!OrderNumber.IsValid(number)) return null;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var order = await db.Orders.AsNoTracking().AsSplitQuery()
            .Include(o => o.Buyer)
            .Include(o => o.Items)
            .Include(o => o.Shipments).ThenInclude(s => s.Events)
            .Include(o => o.AfterSales)
            .Include(o => o.Reissues)
            .FirstOrDefaultAsync(o => o.OrderNo == number, cancellationToken);
        if (order is null) return null;
        var timeline = await db.ReadLinesAsync(db.AuditEntries
            .Where(a => a.OrderId == order.Id || (a.EntityType == AuditSubjects.Order && a.EntityId == order.Id))
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id).Take(TimelineLength), cancellationToken);
        var requests = await db.ReshipRequests.Where(r => r.OrderId == order.Id)
            .ToDictionaryAsync(r => r.AfterSaleId, r => new AfterSaleRequestView(r.Id, r.Reason, r.Description), cancellationToken);
        var detail = ToDetail(order, fullShippingPhone: guard.Allows(Permission.ShippingContact));
        return detail with
        {
            Timeline = timeline,
            AfterSales = detail.AfterSales.Select(a => requests.TryGetValue(a.Id, out var request)
                ? a with { Request = request, ReissueNo = order.Reissues.FirstOrDefault(r => r.ReshipRequestId == request.Id)?.ReissueNo } : a).ToList(),
        };
    }

    private const int TimelineLength = 200;

    /// <summary>The order as shown; the address phone is masked unless the reader ships (<paramref name="fullShippingPhone"/>).</summary>
    public static OrderDetail ToDetail(Order order, bool fullShippingPhone = false) => new(
        order.Id, order.OrderNo, order.Status, order.PaidAtUtc, order.Buyer.Name, order.Buyer.MaskedPhone,
        fullShippingPhone ? order.Address : order.Address with { Phone = order.Address.MaskedPhone },
        order.Items.Select(i => new OrderItemView(i.Sku, i.Name, i.Quantity, i.UnitPrice)).ToList(),
        order.Shipments.OrderBy(s => s.CreatedAtUtc).ThenBy(s => s.Id).Select(s => new ShipmentView(
            s.Id, s.Carrier, s.TrackingNo, s.Status, s.Kind, s.ReissueId, s.WasIntercepted, s.CreatedAtUtc,
            s.Events.OrderBy(e => e.AtUtc).ThenBy(e => e.Id).Select(e => new ShipmentEventView(e.Status, e.AtUtc, e.Applied)).ToList())).ToList(),
        order.AfterSales.OrderBy(a => a.CreatedAtUtc).Select(a => new AfterSaleView(a.Id, a.Type, a.Status, a.Reason, a.CreatedAtUtc)
            { ReissueNo = order.Reissues.Where(r => r.AfterSaleId == a.Id).MaxBy(r => r.Id)?.ReissueNo }).ToList(),
        order.Reissues.OrderBy(r => r.Sequence).Select(r => new ReissueSummary(
            r.Id, r.ReissueNo, r.Sequence, r.Source, r.Scenario, r.Status, r.Carrier, r.TrackingNo, r.CreatedAtUtc,
            r.ReplacedParcelDelivered, r.ReplacesShipmentId)).ToList(),
        order.NeedsReissue, order.ReissueLimitFlagged);
}

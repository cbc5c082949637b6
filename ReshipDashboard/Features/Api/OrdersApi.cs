using Microsoft.AspNetCore.Http.HttpResults;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Warehouse.Orders;

namespace ReshipDashboard.Features.Api;

/// <summary>Orders: the platform sends paid orders, the ERP ships them, both read them.</summary>
public static class OrdersApi
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 9999;

    public sealed record BuyerRequest(string? Name, string? Phone);
    public sealed record OrderItemRequest(string? Sku, string? Name, int? Quantity, long? UnitPrice);
    public sealed record OrderRequest(string? OrderNo, BuyerRequest? Buyer, AddressRequest? Address, List<OrderItemRequest?>? Items, string? PaidAt);
    public sealed record ShipmentRequest(string? Carrier, string? TrackingNo);

    public sealed record BuyerResource(string Name, string Phone);

    public sealed record OrderItemResource(string Sku, string Name, int Quantity, long UnitPrice);

    public sealed record ShipmentResource(int Id, string Carrier, string TrackingNo, ShipmentStatus Status, ShipmentKind Kind,
        int? ReissueId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record OrderAfterSaleResource(int Id, AfterSaleType Type, AfterSaleStatus Status, string Reason, DateTimeOffset UpdatedAt);

    public sealed record OrderReissueResource(int Id, string ReissueNo, int Sequence, ReissueSource Source, ReissueScenario Scenario,
        ReissueStatus Status, string? Carrier, string? TrackingNo, bool ReplacedParcelDelivered, DateTimeOffset CreatedAt);

    /// <summary>GET /orders/{orderNo}: the order with its parcels, after-sales and reissues; the buyer's phone masked, the address phone in full for callers that ship.</summary>
    public sealed record OrderResource(
        string OrderNo, OrderStatus Status, BuyerResource Buyer, AddressResource Address, IReadOnlyList<OrderItemResource> Items,
        long TotalAmount, DateTimeOffset PaidAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool NeedsReissue,
        bool ReissueLimitFlagged, IReadOnlyList<ShipmentResource> Shipments, IReadOnlyList<OrderAfterSaleResource> AfterSales,
        IReadOnlyList<OrderReissueResource> Reissues)
    {
        public static OrderResource From(Order o, ShopClock clock, bool fullShippingPhone = true) =>
            From(ListedOrder.Of(o), clock, fullShippingPhone);

        public static OrderResource From(ListedOrder listed, ShopClock clock, bool fullShippingPhone = true)
        {
            var o = listed.Order;
            return new(
                o.OrderNo, o.Status, new BuyerResource(o.Buyer.Name, o.Buyer.MaskedPhone), AddressResource.From(o.Address, fullShippingPhone),
                listed.Items.Select(i => new OrderItemResource(i.Sku, i.Name, i.Quantity, i.UnitPrice)).ToList(),
                listed.TotalAmount, clock.ToShop(o.PaidAtUtc), clock.ToShop(o.CreatedAtUtc), clock.ToShop(o.UpdatedAtUtc), o.NeedsReissue,
                o.ReissueLimitFlagged,
                listed.Shipments.OrderBy(s => s.CreatedAtUtc).ThenBy(s => s.Id).Select(s => new ShipmentResource(s.Id, s.Carrier, s.TrackingNo,
                    s.Status, s.Kind, s.ReissueId, clock.ToShop(s.CreatedAtUtc), clock.ToShop(s.UpdatedAtUtc))).ToList(),
                listed.AfterSales.OrderBy(a => a.Id).Select(a => new OrderAfterSaleResource(a.Id, a.Type, a.Status, a.Reason, clock.ToShop(a.UpdatedAtUtc))).ToList(),
                listed.Reissues.OrderBy(r => r.Sequence).Select(r => new OrderReissueResource(r.Id, r.ReissueNo, r.Sequence, r.Source, r.Scenario,
                    r.Status, r.Carrier, r.TrackingNo, r.ReplacedParcelDelivered, clock.ToShop(r.CreatedAtUtc))).ToList());
        }
    }

    public static RouteGroupBuilder MapOrdersApi(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders");
        orders.MapPost("", CreateOrderAsync)
            .RequireAuthorization(ApiScopes.Platform).WithIdempotency<Order>((_, o) => $"/api/v1/orders/{Uri.EscapeDataString(o.OrderNo)}");
        orders.MapGet("/{orderNo}", GetOrderAsync).RequireAuthorization(ApiScopes.PlatformOrErp);
        orders.MapGet("", ListOrdersAsync).RequireAuthorization(ApiScopes.PlatformOrErp);
        orders.MapPost("/{orderNo}/shipments", ShipOrderAsync).RequireAuthorization(ApiScopes.Erp)
            .WithIdempotency<Shipment>((http, _) => $"/api/v1/orders/{Uri.EscapeDataString(OrderNumber.Normalise(http.GetRouteValue("orderNo") as string))}");
        return api;
    }

    public static async Task<Results<Created<OrderResource>, ApiProblem>> CreateOrderAsync(OrderRequest? input, OrderIntakeService intake,
        ShopClock clock, ApiProblemWriter problems, AccessGuard guard, CancellationToken ct)
    {
        var errors = new ApiInputErrors();
        var order = Read(input, errors, clock);
        if (errors.ToProblem(problems) is { } problem) return problem;
        var created = await intake.CreateAsync(order!, ct);
        return TypedResults.Created(Location(created), OrderResource.From(created, clock, guard.Allows(Permission.ShippingContact)));
    }

    public static async Task<Results<Ok<OrderResource>, ApiProblem>> GetOrderAsync(string orderNo, OrderIntakeService intake, ShopClock clock,
        ApiProblemWriter problems, AccessGuard guard, CancellationToken ct) =>
        await intake.FindAsync(orderNo, ct) is { } order
            ? TypedResults.Ok(OrderResource.From(order, clock, guard.Allows(Permission.ShippingContact)))
            : problems.NotFound("订单 {0} 不存在", OrderNumber.Normalise(orderNo));

    public static async Task<Results<Ok<Page<OrderResource>>, ApiProblem>> ListOrdersAsync(string? shipmentStatus, string? limit, string? cursor,
        OrderIntakeService intake, ShopClock clock, ApiProblemWriter problems, AccessGuard guard, CancellationToken ct)
    {
        var errors = new ApiInputErrors();
        var status = errors.Word<ShipmentStatus>("shipmentStatus", shipmentStatus, required: false);
        if (errors.ToProblem(problems) is { } problem) return problem;
        var page = PageRequest.Parse(limit, cursor);
        var rows = await intake.ListAsync(status, page.After?[0] ?? 0, page.Limit + 1, ct);
        return TypedResults.Ok(Pages.From(rows, page.Limit, o => OrderResource.From(o, clock, guard.Allows(Permission.ShippingContact)), o => [o.Order.Id]));
    }

    public static async Task<Created<OrderResource>> ShipOrderAsync(string orderNo, ShipmentRequest? input, OrderIntakeService intake,
        ShopClock clock, AccessGuard guard, CancellationToken ct)
    {
        var order = await intake.ShipAsync(orderNo, input?.Carrier, input?.TrackingNo, ct);
        return TypedResults.Created(Location(order), OrderResource.From(order, clock, guard.Allows(Permission.ShippingContact)));
    }

    private static string Location(Order order) => $"/api/v1/orders/{Uri.EscapeDataString(order.OrderNo)}";

    /// <summary>Checks a new order's body field by field; null when something is wrong (noted in <paramref name="errors"/>).</summary>
    private static NewOrder? Read(OrderRequest? input, ApiInputErrors errors, ShopClock clock)
    {
        string? orderNo = null;
        if (!string.IsNullOrWhiteSpace(input?.OrderNo))
        {
            orderNo = OrderNumber.Normalise(input.OrderNo);
            if (!OrderNumber.IsValid(orderNo)) errors.Add("orderNo", OrderNumber.FormatMessage);
        }

        var buyerName = input?.Buyer?.Name?.Trim() ?? "";
        var buyerPhone = input?.Buyer?.Phone?.Trim() ?? "";
        if (input?.Buyer is null) errors.Add("buyer", "请填写买家信息");
        else
        {
            if (buyerName.Length is 0 or > 50) errors.Add("buyer.name", "买家姓名须为 1–50 个字");
            if (!PhoneMask.IsValid(buyerPhone)) errors.Add("buyer.phone", "手机号格式不正确");
        }

        Address? address = null;
        if (input?.Address is not { } a) errors.Add("address", "请填写收货地址");
        else
        {
            address = a.ToAddress();
            if (address.FindProblem() is { } p) errors.Add(p.Field, p.MessageKey, p.Limit is { } limit ? [limit] : []);
        }

        var items = new List<NewOrderItem>();
        if (input?.Items is not { Count: > 0 } lines) errors.Add("items", "订单至少要有一件商品");
        else if (lines.Count > MaxItems) errors.Add("items", "一个订单最多 {0} 行商品", MaxItems);
        else
        {
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var sku = line?.Sku?.Trim() ?? "";
                if (sku.Length is 0 or > Product.MaxSkuLength) errors.Add($"items[{i}].sku", Product.SkuLengthMessage, Product.MaxSkuLength);
                if (line?.Name is { Length: > Product.MaxNameLength }) errors.Add($"items[{i}].name", Product.NameLengthMessage, Product.MaxNameLength);
                if (line?.Quantity is not (>= 1 and <= MaxQuantity)) errors.Add($"items[{i}].quantity", "数量须为 1–{0}", MaxQuantity);
                if (line?.UnitPrice is not (>= 0 and <= Product.MaxUnitPrice)) errors.Add($"items[{i}].unitPrice", "单价须为 0–{0} 的整数（分）", Product.MaxUnitPrice);
                if (line is not null) items.Add(new NewOrderItem(sku, line.Name, line.Quantity ?? 0, line.UnitPrice ?? 0));
            }
        }

        var paidAt = errors.Time("paidAt", input?.PaidAt);
        if (paidAt > clock.UtcNow.AddMinutes(5)) errors.Add("paidAt", "付款时间不能晚于现在");

        return errors.Any ? null : new NewOrder(orderNo, buyerName, buyerPhone, address!, items, paidAt);
    }
}

using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
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

    public sealed record BuyerInput(string? Name, string? Phone);
    public sealed record AddressInput(string? Name, string? Phone, string? Province, string? City, string? District, string? Detail);
    public sealed record OrderItemInput(string? Sku, string? Name, int? Quantity, long? UnitPrice);
    public sealed record OrderInput(string? OrderNo, BuyerInput? Buyer, AddressInput? Address, List<OrderItemInput?>? Items, string? PaidAt);
    public sealed record ShipmentInput(string? Carrier, string? TrackingNo);

    public static RouteGroupBuilder MapOrdersApi(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders");

        orders.MapPost("", async (OrderInput? input, OrderIntakeService intake, ShopClock clock, ApiProblemWriter problems, AccessGuard guard,
            CancellationToken ct) =>
        {
            var errors = new ApiInputErrors();
            var order = Read(input, errors, clock);
            if (errors.ToProblem(problems) is { } problem) return problem;
            var created = await intake.CreateAsync(order!, ct);
            return Results.Created($"/api/v1/orders/{Uri.EscapeDataString(created.OrderNo)}", OrderResource.From(created, clock, guard.Allows(Permission.ShippingContact)));
        }).RequireAuthorization(ApiScopes.Platform).WithIdempotency<Order>((_, o) => $"/api/v1/orders/{Uri.EscapeDataString(o.OrderNo)}");

        orders.MapGet("/{orderNo}", async (string orderNo, OrderIntakeService intake, ShopClock clock, ApiProblemWriter problems, AccessGuard guard,
            CancellationToken ct) =>
            await intake.FindAsync(orderNo, ct) is { } order
                ? Results.Ok(OrderResource.From(order, clock, guard.Allows(Permission.ShippingContact)))
                : problems.NotFound("订单 {0} 不存在", OrderNumber.Normalise(orderNo)))
            .RequireAuthorization(ApiScopes.PlatformOrErp);

        orders.MapGet("", async (string? shipmentStatus, string? limit, string? cursor, OrderIntakeService intake, ShopClock clock,
            ApiProblemWriter problems, AccessGuard guard, CancellationToken ct) =>
        {
            var errors = new ApiInputErrors();
            var status = errors.Word<ShipmentStatus>("shipmentStatus", shipmentStatus, required: false);
            if (errors.ToProblem(problems) is { } problem) return problem;
            var page = PageRequest.Parse(limit, cursor);
            var rows = await intake.ListAsync(status, page.After?[0] ?? 0, page.Limit + 1, ct);
            return Results.Ok(Pages.From(rows, page.Limit, o => OrderResource.From(o, clock, guard.Allows(Permission.ShippingContact)), o => [o.Id]));
        }).RequireAuthorization(ApiScopes.PlatformOrErp);

        orders.MapPost("/{orderNo}/shipments", async (string orderNo, ShipmentInput? input, OrderIntakeService intake, ShopClock clock,
            AccessGuard guard, CancellationToken ct) =>
        {
            var order = await intake.ShipAsync(orderNo, input?.Carrier, input?.TrackingNo, ct);
            return Results.Created($"/api/v1/orders/{Uri.EscapeDataString(order.OrderNo)}", OrderResource.From(order, clock, guard.Allows(Permission.ShippingContact)));
        }).RequireAuthorization(ApiScopes.Erp)
            .WithIdempotency<Shipment>((http, _) => $"/api/v1/orders/{Uri.EscapeDataString(OrderNumber.Normalise(http.GetRouteValue("orderNo") as string))}");

        return api;
    }

    /// <summary>Checks a new order's body field by field; null when something is wrong (noted in <paramref name="errors"/>).</summary>
    private static NewOrder? Read(OrderInput? input, ApiInputErrors errors, ShopClock clock)
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
            address = new Address(a.Name?.Trim() ?? "", a.Phone?.Trim() ?? "", a.Province?.Trim() ?? "", a.City?.Trim() ?? "",
                a.District?.Trim() ?? "", a.Detail?.Trim() ?? "");
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

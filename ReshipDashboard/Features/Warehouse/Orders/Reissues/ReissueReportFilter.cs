using ReshipDashboard.Data;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>
/// The list filters a report figure links to (SKU, province, the courier whose parcel was replaced, duplicate
/// deliveries, cancelled left out), so the list shows exactly the reissues behind the figure.
/// </summary>
public static class ReissueReportFilter
{
    public static IQueryable<ReissueOrder> ApplyReportFilters(this IQueryable<ReissueOrder> reissues, ReshipDbContext db, ReissueFilter f)
    {
        if (f.ExcludeCancelled) reissues = reissues.Where(r => r.Status != ReissueStatus.Cancelled);
        if (Product.NormaliseSku(f.Sku) is { Length: > 0 } sku)
        {
            var ids = db.ReissueIdsWithSku(sku);
            reissues = reissues.Where(r => ids.Contains(r.Id));
        }
        if (f.Province?.Trim() is { Length: > 0 } province) reissues = reissues.Where(r => r.Address.Province == province);
        if (Courier.Find(f.OriginCarrier) is { } origin)
            reissues = reissues.Where(r => (r.ReplacesShipment != null
                ? r.ReplacesShipment.Carrier
                : r.Order.Shipments.Where(s => s.Kind == ShipmentKind.Original).Select(s => s.Carrier).FirstOrDefault()) == origin.Code);
        if (f.ReplacedDelivered is { } delivered) reissues = reissues.Where(r => r.ReplacedParcelDelivered == delivered);
        return reissues;
    }
}

/// <summary>The list's filters in a query string: what a report figure links to, and what the list and its export read back.</summary>
public static class ReissueFilterQuery
{
    public const string ListPath = "warehouse/orders/reissues";

    public static Dictionary<string, string?> ToQuery(ReissueFilter f) => new()
    {
        ["orderNo"] = f.OrderNo,
        ["trackingNo"] = f.TrackingNo,
        ["carrier"] = f.Carrier,
        ["source"] = f.Source is { } src ? Domain.Common.ApiWords.Of(src) : null,
        ["scenario"] = f.Scenario is { } sc ? Domain.Common.ApiWords.Of(sc) : null,
        ["from"] = f.CreatedFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["to"] = f.CreatedTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["sku"] = f.Sku,
        ["province"] = f.Province,
        ["origin"] = f.OriginCarrier,
        ["duplicate"] = f.ReplacedDelivered is { } d ? (d ? "true" : "false") : null,
        ["active"] = f.ExcludeCancelled ? "true" : null,
        ["waybillFailed"] = f.WaybillFailed ? "true" : null,
    };

    public static ReissueFilter FromQuery(Func<string, string?> q) => new(
        q("orderNo"), q("trackingNo"), q("carrier"),
        Domain.Common.ApiWords.TryParse<ReissueSource>(q("source"), out var src) ? src : null,
        Domain.Common.ApiWords.TryParse<ReissueScenario>(q("scenario"), out var sc) ? sc : null,
        Reports.ReportPeriod.ParseDay(q("from")), Reports.ReportPeriod.ParseDay(q("to")),
        q("waybillFailed") == "true",
        q("sku"), q("province"), q("origin"),
        bool.TryParse(q("duplicate"), out var d) ? d : null,
        q("active") == "true");

    /// <summary>The 补发订单 list (all tabs) under a filter.</summary>
    public static string ListHref(ReissueFilter f) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(ListPath,
            ToQuery(f).Prepend(new("status", "all")).Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
}

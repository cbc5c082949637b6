using System.Globalization;
using Microsoft.Extensions.Localization;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>How a reissue's items and address read in the list, the exports and the printouts.</summary>
public static class ReissueItemText
{
    /// <summary>保温杯 ×1 等 2 件: the first item, and the whole count when there is more than one line.</summary>
    public static string Summary(IReadOnlyList<LineItem> items, IStringLocalizer l)
    {
        if (items.Count == 0) return "";
        var first = items[0];
        return items.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{first.Name} ×{first.Quantity}")
            : l["{0} ×{1} 等 {2} 件", first.Name, first.Quantity, items.Sum(i => i.Quantity)];
    }

    /// <summary>Every item in one cell: SKU 名称 ×数量；…</summary>
    public static string Cell(IReadOnlyList<LineItem> items) =>
        string.Join("；", items.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Sku} {i.Name} ×{i.Quantity}")));

    /// <summary>The full postal address on one line (province, city, district, street).</summary>
    public static string Address(Domain.Common.Address? a) => a is null ? "" : $"{a.Province}{a.City}{a.District}{a.Detail}";
}

using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;

namespace ReshipDashboard.Data.Tallies;

/// <summary>What of a reissue the tallies read; every field is a column of the reissue itself.</summary>
public sealed record ReissueFacts(ReissueStatus Status, ReissueScenario Scenario, DateTime CreatedAtUtc, string? Carrier,
    string? PreferredCarrier, string Province, bool ReplacedParcelDelivered, bool WaybillFailed)
{
    /// <summary>The courier whose freight the reissue costs: the one it shipped with, else the one asked for, else none ("").</summary>
    public string FreightCarrier => Carrier ?? PreferredCarrier ?? "";

    /// <summary>Everything the cost tallies depend on besides the reissue's value, which never changes.</summary>
    public object CostShape => (Status == ReissueStatus.Cancelled, FreightCarrier, ReplacedParcelDelivered, CreatedAtUtc, Scenario, Province);
}

/// <summary>
/// What a reissue is worth, fixed when it is created: the goods at the original order's unit prices (per SKU) and
/// the courier of the parcel it replaces (the order's original parcel when it replaces none); "" when unknown.
/// </summary>
public sealed record ReissueValue(string OriginCarrier, IReadOnlyList<SkuValue> Skus)
{
    public long GoodsFen => Skus.Sum(s => s.GoodsFen);

    /// <summary>Prices the items as the report always has: each SKU at the unit price of the order's first line of it.</summary>
    public static ReissueValue Of(string? originCarrier, IEnumerable<LineItem> items, IEnumerable<(string Sku, long UnitPrice)> orderLinesInOrder)
    {
        var prices = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (sku, price) in orderLinesInOrder) prices.TryAdd(sku, price);
        var skus = items.GroupBy(i => i.Sku, StringComparer.Ordinal)
            .Select(g => new SkuValue(g.Key, g.First().Name, g.Sum(i => (long)i.Quantity), g.Sum(i => i.Quantity * prices.GetValueOrDefault(g.Key))))
            .ToList();
        return new ReissueValue(originCarrier ?? "", skus);
    }
}

public sealed record SkuValue(string Sku, string Name, long Quantity, long GoodsFen);

/// <summary>
/// The tallies one record contributes in a given state: a pure function, so a save adds (current − original) and a
/// rebuild sums the current contributions of every record — and the two always agree.
/// </summary>
public static class TallyRules
{
    public static int DayOf(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return local.Year * 10000 + local.Month * 100 + local.Day;
    }

    public static int DayNumber(DateOnly day) => day.Year * 10000 + day.Month * 100 + day.Day;

    public static IEnumerable<TallyRow> ReissueCounts(ReissueFacts r, TimeZoneInfo zone)
    {
        yield return new(TallyNames.ReissueStatus, null, ApiWords.Of(r.Status), "", 1);
        yield return new(TallyNames.ReissuesCreated, DayOf(r.CreatedAtUtc, zone), "", "", 1);
        if (r.WaybillFailed && r.Status == ReissueStatus.AwaitingTracking)
            yield return new(TallyNames.ReissueWaybillFailed, null, "", "", 1);
    }

    /// <summary>A cancelled reissue costs nothing; cancelling it takes its cost back out.</summary>
    public static IEnumerable<TallyRow> ReissueCosts(ReissueFacts r, ReissueValue v, TimeZoneInfo zone)
    {
        if (r.Status == ReissueStatus.Cancelled) yield break;
        var day = DayOf(r.CreatedAtUtc, zone);
        var carrier = r.FreightCarrier;
        var goods = v.GoodsFen;
        var scenario = ApiWords.Of(r.Scenario);
        yield return new(TallyNames.CostByScenario, day, scenario, carrier, 1, 0, goods);
        yield return new(TallyNames.CostByProvince, day, r.Province, carrier, 1, 0, goods);
        yield return new(TallyNames.CostByOrigin, day, v.OriginCarrier + TallyNames.KeySeparator + scenario, carrier, 1, 0, goods);
        if (r.ReplacedParcelDelivered) yield return new(TallyNames.CostDuplicates, day, "", carrier, 1, 0, goods);
        foreach (var sku in v.Skus)
            yield return new(TallyNames.CostBySku, day, sku.Sku + TallyNames.KeySeparator + sku.Name, "", 1, sku.Quantity, sku.GoodsFen);
    }

    public static IEnumerable<TallyRow> Request(ReshipStatus status, DateTime createdAtUtc, TimeZoneInfo zone)
    {
        yield return new(TallyNames.RequestStatus, null, ApiWords.Of(status), "", 1);
        yield return new(TallyNames.RequestsCreated, DayOf(createdAtUtc, zone), "", "", 1);
    }

    public static IEnumerable<TallyRow> Order(bool needsReissue)
    {
        if (needsReissue) yield return new(TallyNames.OrdersNeedingReissue, null, "", "", 1);
    }

    public static IEnumerable<TallyRow> Parcel(bool original, string carrier, DateTime createdAtUtc, TimeZoneInfo zone)
    {
        if (original) yield return new(TallyNames.OriginalParcels, DayOf(createdAtUtc, zone), carrier, "", 1);
    }

    /// <summary>Sums rows by address, dropping the ones that come to nothing.</summary>
    public static List<TallyRow> Sum(IEnumerable<TallyRow> rows) =>
        rows.GroupBy(r => r.Address)
            .Select(g => new TallyRow(g.Key.Name, g.Key.Day, g.Key.Key, g.Key.Carrier, g.Sum(r => r.Count), g.Sum(r => r.Quantity), g.Sum(r => r.AmountFen)))
            .Where(r => !r.IsZero)
            .ToList();

    /// <summary>What a change adds: the current contributions minus the original ones, netted per address.</summary>
    public static List<TallyRow> Difference(IEnumerable<TallyRow> original, IEnumerable<TallyRow> current) =>
        Sum(current.Concat(original.Select(r => r with { Count = -r.Count, Quantity = -r.Quantity, AmountFen = -r.AmountFen })));
}

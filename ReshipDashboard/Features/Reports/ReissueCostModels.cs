using ReshipDashboard.Domain.Reissues;

namespace ReshipDashboard.Features.Reports;

/// <summary>Reissues and what they cost (fen) under one heading of a breakdown.</summary>
public sealed record CostLine(string Key, int Reissues, long GoodsFen, long FreightFen)
{
    public long CostFen => GoodsFen + FreightFen;
}

public sealed record CostDay(DateOnly Day, int Reissues, long CostFen);

public sealed record ScenarioLine(ReissueScenario Scenario, CostLine Cost);

/// <summary>One SKU across the period's reissues: pieces sent again, in how many reissues, and their value at the original prices.</summary>
public sealed record SkuLine(string Sku, string Name, int Quantity, int Reissues, long GoodsFen);

/// <summary>
/// One courier whose parcels had to be replaced: its original parcels shipped in the period, the reissues that replaced
/// its parcels, and of those the intercepted and the damaged-and-returned ones.
/// </summary>
public sealed record CourierLine(string Carrier, int OriginalParcels, int Reissues, int Intercepted, int DamagedReturned, long CostFen)
{
    public decimal? ReissuesPerThousand => Per(Reissues, 1000);
    public decimal? InterceptionRate => Per(Intercepted, 100);
    public decimal? DamageRate => Per(DamagedReturned, 100);

    private decimal? Per(int count, int scale) => OriginalParcels == 0 ? null : Math.Round(count * (decimal)scale / OriginalParcels, 2);
}

/// <summary>补发损耗 for one period; money in fen, summed exactly.</summary>
public sealed record ReissueCostReport(
    ReportPeriod Period,
    CostLine Total,
    int ShippedOrders,
    int PreviousReissues,
    int PreviousShippedOrders,
    CostLine Duplicates,
    IReadOnlyList<CostDay> Days,
    IReadOnlyList<ScenarioLine> ByScenario,
    IReadOnlyList<SkuLine> TopSkus,
    IReadOnlyList<CourierLine> ByCourier,
    IReadOnlyList<CostLine> ByProvince)
{
    public const int TopSkuCount = 20;

    /// <summary>Reissues per 100 shipped orders; null when nothing shipped.</summary>
    public decimal? Rate => RateOf(Total.Reissues, ShippedOrders);

    public decimal? PreviousRate => RateOf(PreviousReissues, PreviousShippedOrders);

    public static decimal? RateOf(int reissues, int shipped) => shipped == 0 ? null : Math.Round(reissues * 100m / shipped, 2);
}

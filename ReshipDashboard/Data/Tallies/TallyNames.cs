namespace ReshipDashboard.Data.Tallies;

/// <summary>The tallies kept, and what each row's key and figures mean.</summary>
public static class TallyNames
{
    /// <summary>Reissues per status (key: the API word), all time.</summary>
    public const string ReissueStatus = "reissues.status";

    /// <summary>Reissues waiting for an automatic number whose e-waybill request failed, all time.</summary>
    public const string ReissueWaybillFailed = "reissues.waybill_failed";

    /// <summary>Reissues created per shop day, cancelled ones included.</summary>
    public const string ReissuesCreated = "reissues.created";

    /// <summary>Reship requests per status (key: the API word), all time.</summary>
    public const string RequestStatus = "requests.status";

    /// <summary>Reship requests created per shop day.</summary>
    public const string RequestsCreated = "requests.created";

    /// <summary>Orders flagged 待补发 (a stopped parcel no reissue covers), all time.</summary>
    public const string OrdersNeedingReissue = "orders.needs_reissue";

    /// <summary>Original parcels shipped per shop day (key: courier).</summary>
    public const string OriginalParcels = "parcels.original";

    /// <summary>Reissues not cancelled per creation day (key: scenario): count and goods fen, per freight courier.</summary>
    public const string CostByScenario = "cost.scenario";

    /// <summary>As <see cref="CostByScenario"/>, keyed by the address's province.</summary>
    public const string CostByProvince = "cost.province";

    /// <summary>As <see cref="CostByScenario"/>, keyed "courier of the replaced parcel|scenario".</summary>
    public const string CostByOrigin = "cost.origin";

    /// <summary>Per creation day and SKU ("sku\u001fname"): reissues sending it, pieces, goods fen.</summary>
    public const string CostBySku = "cost.sku";

    /// <summary>Reissues whose replaced parcel was delivered after all, per creation day: count and goods fen, per freight courier.</summary>
    public const string CostDuplicates = "cost.duplicates";

    /// <summary>One row whose key is the time zone the day tallies were built in.</summary>
    public const string Zone = "tally.zone";

    public const char KeySeparator = '\u001f';
}

using Microsoft.AspNetCore.WebUtilities;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.Reports;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>The queue's report filter in a query string (sla, from, to, reason, by): what a 补寄时效 figure links to.</summary>
public static class SlaFilterQuery
{
    public const string QueuePath = "after-sales/reship-requests";

    public static string Href(ReshipSlaFilter f) => QueryHelpers.AddQueryString(QueuePath, new Dictionary<string, string?>
    {
        ["sla"] = ApiWords.Of(f.Outcome),
        ["from"] = ReportPeriod.Day(f.From),
        ["to"] = ReportPeriod.Day(f.To),
        ["reason"] = f.Reason is { } r ? ApiWords.Of(r) : null,
        ["by"] = f.AnsweredBy,
    }.Where(kv => kv.Value is not null));

    /// <summary>The filter in a page address, or null when it has none (or a bad one).</summary>
    public static ReshipSlaFilter? FromUri(string uri)
    {
        var q = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? Get(string k) => q.TryGetValue(k, out var v) ? v.FirstOrDefault() : null;
        if (!ApiWords.TryParse<SlaOutcome>(Get("sla"), out var outcome)
            || ReportPeriod.ParseDay(Get("from")) is not { } from || ReportPeriod.ParseDay(Get("to")) is not { } to || from > to)
            return null;
        return new ReshipSlaFilter(from, to, outcome,
            ApiWords.TryParse<ReshipReason>(Get("reason"), out var reason) ? reason : null,
            Get("by") is { Length: > 0 } by ? by : null);
    }
}

using ReshipDashboard.Components.Shared;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>What the 补发订单 list shows (tab, filters, page), as read from and written to its URL.</summary>
public sealed record ReissueListState(ReissueFilter Filter, ReissueStatus? Status, int Page, int PageSize)
{
    /// <summary>The `status` word of a tab; the first tab (待手工发货) is the plain address, 全部 is `all`.</summary>
    public static string? StatusWord(ReissueStatus? status) =>
        status == ReissueTabs.Order[0] ? null : status is { } s ? ApiWords.Of(s) : "all";

    public static ReissueStatus? ParseStatus(string? word) =>
        ApiWords.TryParse<ReissueStatus>(word, out var s) ? s : word == "all" ? null : ReissueTabs.Order[0];

    /// <summary>The list's state from its URL: the tab, the filter (<see cref="ReissueFilterQuery"/>) and the page.</summary>
    public static ReissueListState Parse(string? status, ReissueFilter filter, int? page, int? size) => new(
        filter with { OrderNo = Text(filter.OrderNo), TrackingNo = Text(filter.TrackingNo), Carrier = Text(filter.Carrier) },
        ParseStatus(status), ListUrl.PageIndex(page), ListUrl.PageSize(size));

    /// <summary>Every query value of the list; nulls drop a value from the URL.</summary>
    public Dictionary<string, object?> ToQuery()
    {
        var query = ReissueFilterQuery.ToQuery(Filter).ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        query["status"] = StatusWord(Status);
        query["page"] = ListUrl.Page(Page);
        query["size"] = ListUrl.Size(PageSize);
        return query;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

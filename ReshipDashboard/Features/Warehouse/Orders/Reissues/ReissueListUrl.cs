using System.Globalization;
using ReshipDashboard.Components.Shared;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>What the 补发订单 list shows (tab, filters, page), as read from and written to its URL.</summary>
public sealed record ReissueListState(ReissueFilter Filter, ReissueStatus? Status, int Page, int PageSize)
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>The `status` word of a tab; the first tab (待手工发货) is the plain address, 全部 is `all`.</summary>
    public static string? StatusWord(ReissueStatus? status) =>
        status == ReissueTabs.Order[0] ? null : status is { } s ? ApiWords.Of(s) : "all";

    public static ReissueStatus? ParseStatus(string? word) =>
        ApiWords.TryParse<ReissueStatus>(word, out var s) ? s : word == "all" ? null : ReissueTabs.Order[0];

    public static ReissueListState Parse(string? status, string? orderNo, string? trackingNo, string? carrier, string? source,
        string? scenario, string? from, string? to, int? page, int? size, bool? waybillFailed = null) => new(
        new ReissueFilter(Text(orderNo), Text(trackingNo), Text(carrier),
            ApiWords.TryParse<ReissueSource>(source, out var so) ? so : null,
            ApiWords.TryParse<ReissueScenario>(scenario, out var sc) ? sc : null,
            Date(from), Date(to), waybillFailed ?? false),
        ParseStatus(status), ListUrl.PageIndex(page), ListUrl.PageSize(size));

    /// <summary>Every query value of the list; nulls drop a value from the URL.</summary>
    public Dictionary<string, object?> ToQuery() => new()
    {
        ["status"] = StatusWord(Status),
        ["orderNo"] = Filter.OrderNo,
        ["trackingNo"] = Filter.TrackingNo,
        ["carrier"] = Filter.Carrier,
        ["source"] = Filter.Source is { } so ? ApiWords.Of(so) : null,
        ["scenario"] = Filter.Scenario is { } sc ? ApiWords.Of(sc) : null,
        ["from"] = Filter.CreatedFrom?.ToString(DateFormat, CultureInfo.InvariantCulture),
        ["to"] = Filter.CreatedTo?.ToString(DateFormat, CultureInfo.InvariantCulture),
        ["waybillFailed"] = Filter.WaybillFailed ? true : null,
        ["page"] = ListUrl.Page(Page),
        ["size"] = ListUrl.Size(PageSize),
    };

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

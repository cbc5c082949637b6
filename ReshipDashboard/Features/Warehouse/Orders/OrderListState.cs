using ReshipDashboard.Components.Shared;

namespace ReshipDashboard.Features.Warehouse.Orders;

/// <summary>
/// What 仓配订单 shows, as read from and written to its URL: the search (`q`), 只看待补发 (`needsReissue`), and the
/// page — by number (`page`, `size`) for counted searches, by keyset cursor (`after` or `before`) for the whole list.
/// </summary>
public sealed record OrderListState(string? Text, bool NeedsReissue, int Page, int PageSize, OrderCursor? After, OrderCursor? Before)
{
    public static OrderListState Parse(string? text, bool? needsReissue, int? page, int? size, string? after, string? before)
    {
        var afterCursor = OrderCursor.FromUrlValue(after);
        return new(string.IsNullOrWhiteSpace(text) ? null : text.Trim(), needsReissue ?? false, ListUrl.PageIndex(page), ListUrl.PageSize(size),
            afterCursor, afterCursor is null ? OrderCursor.FromUrlValue(before) : null);
    }

    /// <summary>A new search: its first page, at the same page size.</summary>
    public OrderListState Search(string? text, bool needsReissue) =>
        new(string.IsNullOrWhiteSpace(text) ? null : text.Trim(), needsReissue, 0, PageSize, null, null);

    /// <summary>Every query value of the list; nulls drop a value from the URL.</summary>
    public Dictionary<string, object?> ToQuery() => new()
    {
        ["q"] = Text,
        ["needsReissue"] = NeedsReissue ? true : null,
        ["page"] = ListUrl.Page(Page),
        ["size"] = ListUrl.Size(PageSize),
        ["after"] = After?.ToUrlValue(),
        ["before"] = Before?.ToUrlValue(),
    };
}

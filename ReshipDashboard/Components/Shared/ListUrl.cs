namespace ReshipDashboard.Components.Shared;

/// <summary>
/// How the lists write their page into the URL: 1-based, left out on the first page and at the default size, so
/// the plain address stays plain and a shared link opens where the sender was.
/// </summary>
public static class ListUrl
{
    public const int DefaultPageSize = 20;

    private static readonly int[] PageSizes = [20, 50, 100];

    /// <summary>The `page` query value for a zero-based page index; null on the first page.</summary>
    public static int? Page(int zeroBasedPage) => zeroBasedPage > 0 ? zeroBasedPage + 1 : null;

    /// <summary>A zero-based page index from the `page` query value (1-based; anything below 1 is the first page).</summary>
    public static int PageIndex(int? page) => page is > 1 ? page.Value - 1 : 0;

    /// <summary>The `size` query value; null at the default size.</summary>
    public static int? Size(int pageSize) => pageSize == DefaultPageSize ? null : pageSize;

    /// <summary>A page size from the `size` query value, one of the sizes the pagers offer.</summary>
    public static int PageSize(int? size) => size is { } s && PageSizes.Contains(s) ? s : DefaultPageSize;
}

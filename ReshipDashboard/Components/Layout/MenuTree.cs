using System.Security.Claims;
using ReshipDashboard.Features.Accounts;

namespace ReshipDashboard.Components.Layout;

/// <summary>
/// One entry of the menu; <see cref="Href"/> is null for a group that only opens. The permission it needs is
/// its page's rule in <see cref="AccessRules.Pages"/>: the menu shows a person only what their role may open.
/// </summary>
public sealed record MenuNode(string Title, string? Href, string Icon, IReadOnlyList<MenuNode> Children)
{
    public MenuNode(string title, string? href, string icon) : this(title, href, icon, []) { }

    public string? Permission => Href is null ? null : AccessRules.PermissionForPath("/" + Href);

    /// <summary>Whether the person may open this entry (a group: any of its entries).</summary>
    public bool IsVisibleTo(ClaimsPrincipal? user) =>
        (Permission is { } permission && AccessRules.Allows(user, permission)) || Children.Any(c => c.IsVisibleTo(user));
}

/// <summary>The menu as the Pinduoduo merchant backend has it; the nav menu and the breadcrumbs both read it.</summary>
public static class MenuTree
{
    public static readonly IReadOnlyList<MenuNode> Roots =
    [
        new("仓配管理", null, MudBlazor.Icons.Material.Filled.Warehouse,
        [
            new("仓配订单", "warehouse/orders", MudBlazor.Icons.Material.Filled.ListAlt,
            [
                new("补发订单", "warehouse/orders/reissues", MudBlazor.Icons.Material.Filled.Replay,
                [
                    new("创建补发单", "warehouse/orders/reissues/create", MudBlazor.Icons.Material.Filled.AddBox),
                    new("批量上传物流单号", "warehouse/orders/reissues/upload", MudBlazor.Icons.Material.Filled.UploadFile),
                ]),
            ]),
        ]),
        new("售后管理", null, MudBlazor.Icons.Material.Filled.SupportAgent,
        [
            new("补寄申请", "after-sales/reship-requests", MudBlazor.Icons.Material.Filled.LocalShipping),
        ]),
        new("报表", null, MudBlazor.Icons.Material.Filled.Assessment,
        [
            new("补发损耗", "reports/reissue-cost", MudBlazor.Icons.Material.Filled.MoneyOff),
            new("补寄时效", "reports/reship-sla", MudBlazor.Icons.Material.Filled.Timer),
        ]),
        new("系统设置", null, MudBlazor.Icons.Material.Filled.Settings,
        [
            new("账号管理", "settings/accounts", MudBlazor.Icons.Material.Filled.ManageAccounts),
            new("API 密钥", "settings/api-keys", MudBlazor.Icons.Material.Filled.Key),
            new("审计日志", "settings/audit", MudBlazor.Icons.Material.Filled.History),
            new("运费设置", "settings/freight-rates", MudBlazor.Icons.Material.Filled.LocalAtm),
        ]),
    ];

    /// <summary>The chain of menu entries leading to a path (relative, without query), deepest match first; empty for the home page.</summary>
    public static IReadOnlyList<MenuNode> PathTo(string relativePath)
    {
        var path = relativePath.Split('?', '#')[0].Trim('/');
        List<MenuNode>? best = null;
        void Walk(MenuNode node, List<MenuNode> chain)
        {
            chain.Add(node);
            if (node.Href is { } href && (path == href || path.StartsWith(href + "/", StringComparison.Ordinal))
                && (best is null || chain.Count > best.Count))
                best = [.. chain];
            foreach (var child in node.Children) Walk(child, chain);
            chain.RemoveAt(chain.Count - 1);
        }
        foreach (var root in Roots) Walk(root, []);
        return best ?? [];
    }
}

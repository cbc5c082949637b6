using System.Security.Claims;

namespace ReshipDashboard.Features.Accounts;

/// <summary>The three roles of the shop's staff.</summary>
public static class Roles
{
    /// <summary>店主: everything, including accounts, API keys and the audit trail.</summary>
    public const string Admin = "admin";

    /// <summary>仓库: orders, reissues (create, cancel), tracking numbers (enter, correct, upload); no reship-request decisions.</summary>
    public const string Warehouse = "warehouse";

    /// <summary>客服: order lookup, the reship-request queue (approve, reject), reissues read-only.</summary>
    public const string Support = "support";

    public static readonly IReadOnlyList<string> All = [Admin, Warehouse, Support];

    /// <summary>The role's name as people read it (a resource key).</summary>
    public static string Label(string role) => role switch
    {
        Admin => "店主",
        Warehouse => "仓库",
        Support => "客服",
        _ => role,
    };
}

/// <summary>
/// What can be done, one name each. Every name is also an authorization policy, so the same constant serves
/// a page (<c>@attribute [Authorize(Policy = Permission.ReissuesRead)]</c>), a menu entry and a service method
/// (<c>guard.Demand(Permission.ReissuesCreate)</c>).
/// </summary>
public static class Permission
{
    public const string Dashboard = "dashboard";
    public const string OrdersRead = "orders-read";
    /// <summary>The buyer's full phone number in an order's shipping address (the roles that ship).</summary>
    public const string ShippingContact = "shipping-contact";
    public const string ReissuesRead = "reissues-read";
    public const string ReissuesCreate = "reissues-create";
    public const string ReissuesCancel = "reissues-cancel";
    /// <summary>Entering and correcting a reissue's tracking number.</summary>
    public const string TrackingEdit = "tracking-edit";
    public const string TrackingUpload = "tracking-upload";
    public const string ReshipRequestsRead = "reship-requests-read";
    public const string ReshipRequestsDecide = "reship-requests-decide";
    /// <summary>The full address (with phone) in a reship request's detail.</summary>
    public const string RequestAddress = "request-address";
    public const string AuditRead = "audit-read";
    public const string ApiKeysManage = "api-keys-manage";
    public const string AccountsManage = "accounts-manage";
    /// <summary>报表 › 补发损耗 and the per-courier freight it charges.</summary>
    public const string ReportsCost = "reports-cost";
    /// <summary>报表 › 补寄时效: how fast support answers reship requests.</summary>
    public const string ReportsSla = "reports-sla";
    public const string FreightRatesManage = "freight-rates-manage";
    /// <summary>The shop's rules and deadlines (the owner).</summary>
    public const string ShopSettingsManage = "shop-settings-manage";
    /// <summary>Products (catalogue) changes: the owner, or an ERP key.</summary>
    public const string CatalogWrite = "catalog-write";
    /// <summary>What the platform reports: new orders, after-sales, buyers' reship actions, rulings (platform keys only).</summary>
    public const string PlatformEvents = "platform-events";
    /// <summary>Courier status events (courier keys only).</summary>
    public const string CourierEvents = "courier-events";
    /// <summary>The change feed (GET /api/v1/events): platform and ERP keys.</summary>
    public const string EventsRead = "events-read";
    /// <summary>Any signed-in person (own password, sign-out).</summary>
    public const string SignedIn = "signed-in";
    /// <summary>No sign-in needed (the sign-in page, error pages).</summary>
    public const string Anonymous = "anonymous";
}

/// <summary>Who may use a permission: people by role, API keys by scope (empty: no key may).</summary>
public sealed record AccessRule(IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes);

/// <summary>A non-page endpoint: its method and route pattern, and the permission (or, for the API, the key scopes) it needs.</summary>
public sealed record EndpointRule(string Method, string Pattern, string Permission, IReadOnlyList<string> ApiScopes)
{
    public bool IsApi => Pattern.StartsWith("/api/", StringComparison.Ordinal);
}

/// <summary>
/// The whole access table in one place: which roles (and API scopes) hold each permission, which permission
/// each page and each endpoint needs. A page or endpoint missing here fails the access tests.
/// </summary>
public static class AccessRules
{
    private static readonly string[] Everyone = [Roles.Admin, Roles.Warehouse, Roles.Support];
    private static readonly string[] Shipping = [Roles.Admin, Roles.Warehouse];
    private static readonly string[] Service = [Roles.Admin, Roles.Support];
    private static readonly string[] Owner = [Roles.Admin];
    private static readonly string[] Reads = [ApiScopes.Platform, ApiScopes.Erp];
    private static readonly string[] Merchant = [ApiScopes.Erp];

    public static readonly IReadOnlyDictionary<string, AccessRule> Permissions = new Dictionary<string, AccessRule>
    {
        [Permission.Dashboard] = new(Everyone, []),
        [Permission.OrdersRead] = new(Everyone, Reads),
        [Permission.ShippingContact] = new(Shipping, Merchant),
        [Permission.ReissuesRead] = new(Everyone, Reads),
        [Permission.ReissuesCreate] = new(Shipping, Merchant),
        [Permission.ReissuesCancel] = new(Shipping, Merchant),
        [Permission.TrackingEdit] = new(Shipping, Merchant),
        [Permission.TrackingUpload] = new(Shipping, Merchant),
        [Permission.ReshipRequestsRead] = new(Service, Reads),
        [Permission.ReshipRequestsDecide] = new(Service, Merchant),
        [Permission.RequestAddress] = new(Service, Merchant),
        [Permission.AuditRead] = new(Owner, []),
        [Permission.ApiKeysManage] = new(Owner, []),
        [Permission.AccountsManage] = new(Owner, []),
        [Permission.ReportsCost] = new(Owner, []),
        [Permission.ReportsSla] = new(Service, []),
        [Permission.FreightRatesManage] = new(Owner, []),
        [Permission.ShopSettingsManage] = new(Owner, []),
        [Permission.CatalogWrite] = new(Owner, Merchant),
        [Permission.PlatformEvents] = new([], [ApiScopes.Platform]),
        [Permission.CourierEvents] = new([], [ApiScopes.Courier]),
        [Permission.EventsRead] = new([], Reads),
        [Permission.SignedIn] = new(Everyone, []),
    };

    /// <summary>Every routable page by its route template, exactly as written in its @page directive.</summary>
    public static readonly IReadOnlyDictionary<string, string> Pages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["/"] = Permission.Dashboard,
        ["/warehouse/orders"] = Permission.OrdersRead,
        ["/warehouse/orders/{OrderNo}"] = Permission.OrdersRead,
        ["/warehouse/orders/reissues"] = Permission.ReissuesRead,
        ["/warehouse/orders/reissues/create"] = Permission.ReissuesCreate,
        ["/warehouse/orders/reissues/upload"] = Permission.TrackingUpload,
        ["/warehouse/orders/reissues/print"] = Permission.TrackingEdit,
        ["/after-sales/reship-requests"] = Permission.ReshipRequestsRead,
        ["/settings/accounts"] = Permission.AccountsManage,
        ["/settings/api-keys"] = Permission.ApiKeysManage,
        ["/settings/audit"] = Permission.AuditRead,
        ["/settings/freight-rates"] = Permission.FreightRatesManage,
        ["/reports/reissue-cost"] = Permission.ReportsCost,
        ["/reports/reship-sla"] = Permission.ReportsSla,
        ["/account/login"] = Permission.Anonymous,
        ["/account/change-password"] = Permission.SignedIn,
        ["/account/forbidden"] = Permission.SignedIn,
        ["/status/{Code:int}"] = Permission.Anonymous,
        ["/not-found"] = Permission.Anonymous,
        ["/Error"] = Permission.Anonymous,
    };

    /// <summary>Every endpoint that is not a page (account posts, culture switch, the API), as "METHOD pattern".</summary>
    public static readonly IReadOnlyList<EndpointRule> Endpoints =
    [
        new("POST", "/account/logout", Permission.SignedIn, []),
        new("GET", "/culture/set", Permission.Anonymous, []),
        new("GET", "/healthz", Permission.Anonymous, []),
        new("GET", "/warehouse/orders/reissues/export", Permission.ReissuesRead, []),
        new("GET", "/reports/reissue-cost/export", Permission.ReportsCost, []),
        new("GET", "/reports/reship-sla/export", Permission.ReportsSla, []),

        new("GET", "/api/v1/products/", Permission.OrdersRead, Merchant),
        new("PUT", "/api/v1/products/{sku}", Permission.CatalogWrite, Merchant),

        new("POST", "/api/v1/orders/", Permission.PlatformEvents, [ApiScopes.Platform]),
        new("GET", "/api/v1/orders/", Permission.OrdersRead, Reads),
        new("GET", "/api/v1/orders/{orderNo}", Permission.OrdersRead, Reads),
        new("POST", "/api/v1/orders/{orderNo}/shipments", Permission.TrackingEdit, Merchant),

        new("POST", "/api/v1/shipments/events", Permission.CourierEvents, [ApiScopes.Courier]),

        new("POST", "/api/v1/after-sales/", Permission.PlatformEvents, [ApiScopes.Platform]),
        new("POST", "/api/v1/after-sales/{id:int}/withdraw", Permission.PlatformEvents, [ApiScopes.Platform]),
        new("GET", "/api/v1/after-sales/", Permission.OrdersRead, Reads),
        new("GET", "/api/v1/after-sales/{id:int}", Permission.OrdersRead, Reads),

        new("GET", "/api/v1/events", Permission.EventsRead, Reads),

        new("GET", "/api/v1/reissues/", Permission.ReissuesRead, Merchant),
        new("GET", "/api/v1/reissues/{id:int}", Permission.ReissuesRead, Merchant),
        new("POST", "/api/v1/reissues/", Permission.ReissuesCreate, Merchant),
        new("PUT", "/api/v1/reissues/{id:int}/tracking", Permission.TrackingEdit, Merchant),
        new("POST", "/api/v1/reissues/{id:int}/cancel", Permission.ReissuesCancel, Merchant),
        new("POST", "/api/v1/reissues/tracking-uploads", Permission.TrackingUpload, Merchant),

        new("POST", "/api/v1/reship-requests", Permission.PlatformEvents, [ApiScopes.Platform]),
        new("GET", "/api/v1/reship-requests", Permission.ReshipRequestsRead, Reads),
        new("GET", "/api/v1/reship-requests/{id:int}", Permission.ReshipRequestsRead, Reads),
        new("PUT", "/api/v1/reship-requests/{id:int}", Permission.PlatformEvents, [ApiScopes.Platform]),
        new("POST", "/api/v1/reship-requests/{id:int}/withdraw", Permission.PlatformEvents, [ApiScopes.Platform]),
        new("POST", "/api/v1/reship-requests/{id:int}/escalate", Permission.PlatformEvents, [ApiScopes.Platform]),
        new("POST", "/api/v1/reship-requests/{id:int}/confirm-receipt", Permission.PlatformEvents, [ApiScopes.Platform]),
        new("POST", "/api/v1/platform/reship-requests/{id:int}/decision", Permission.PlatformEvents, [ApiScopes.Platform]),
        new("POST", "/api/v1/merchant/reship-requests/{id:int}/approve", Permission.ReshipRequestsDecide, Merchant),
        new("POST", "/api/v1/merchant/reship-requests/{id:int}/reject", Permission.ReshipRequestsDecide, Merchant),
    ];

    public static AccessRule Rule(string permission) =>
        Permissions.TryGetValue(permission, out var rule) ? rule : throw new ArgumentException($"No rule for permission '{permission}'", nameof(permission));

    /// <summary>Whether a signed-in person (or API key) holds the permission.</summary>
    public static bool Allows(ClaimsPrincipal? user, string permission)
    {
        if (permission == Permission.Anonymous) return true;
        if (user?.Identity?.IsAuthenticated != true) return false;
        var rule = Rule(permission);
        return user.Identity.AuthenticationType == ApiScopes.AuthenticationScheme
            ? rule.Scopes.Any(s => user.HasClaim(ApiScopes.ClaimType, s))
            : rule.Roles.Any(user.IsInRole);
    }

    /// <summary>The permission a path (relative or absolute, with or without query) needs: its page's, or the nearest page above it.</summary>
    public static string? PermissionForPath(string path)
    {
        var segments = Segments(path.Split('?', '#')[0]);
        for (var length = segments.Length; length >= 0; length--)
        {
            var prefix = segments[..length];
            // Literal templates win over templates with parameters (reissues before {OrderNo}).
            var match = Pages.Select(p => (Template: Segments(p.Key), Permission: p.Value))
                .Where(p => Matches(p.Template, prefix))
                .OrderBy(p => p.Template.Count(s => s.StartsWith('{')))
                .Select(p => p.Permission)
                .FirstOrDefault();
            if (match is not null) return match;
        }
        return null;
    }

    /// <summary>The roles that may open a path, for the 403 page.</summary>
    public static IReadOnlyList<string> RolesForPath(string path) =>
        PermissionForPath(path) is { } permission && Permissions.TryGetValue(permission, out var rule) ? rule.Roles : [];

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static bool Matches(string[] template, string[] path) =>
        template.Length == path.Length && template.Zip(path).All(p =>
            p.First.StartsWith('{') ? p.Second.Length > 0 : string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
}

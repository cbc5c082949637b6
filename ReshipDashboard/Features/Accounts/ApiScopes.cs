namespace ReshipDashboard.Features.Accounts;

/// <summary>The API's callers by scope, as api.md names them, and how a key's caller is recognised.</summary>
public static class ApiScopes
{
    public const string Platform = "platform";
    public const string Courier = "courier";
    public const string Erp = "erp";
    public const string ClaimType = "scope";
    /// <summary>Authorization policy for reads open to the platform and the ERP.</summary>
    public const string PlatformOrErp = "platform-or-erp";
    public static readonly string[] All = [Platform, Courier, Erp];

    /// <summary>The authentication scheme of callers with an X-Api-Key.</summary>
    public const string AuthenticationScheme = "ApiKey";
}

using System.Security.Claims;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Api;

namespace ReshipDashboard.Tests.Features.Accounts;

/// <summary>The access table says what the roles of the shop may do, as the shop defined them.</summary>
public sealed class AccessRulesTests
{
    private static ClaimsPrincipal Person(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], "Identity.Application"));

    private static ClaimsPrincipal Key(params string[] scopes) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "k"), .. scopes.Select(s => new Claim(ApiScopes.ClaimType, s))], ApiKeyOptions.Scheme));

    [Theory]
    [InlineData(Permission.ReissuesCreate)]
    [InlineData(Permission.ReissuesCancel)]
    [InlineData(Permission.TrackingEdit)]
    [InlineData(Permission.TrackingUpload)]
    [InlineData(Permission.ShippingContact)]
    public void Warehouse_ShipsButSupportDoesNot(string permission)
    {
        Assert.True(AccessRules.Allows(Person(Roles.Warehouse), permission));
        Assert.True(AccessRules.Allows(Person(Roles.Admin), permission));
        Assert.False(AccessRules.Allows(Person(Roles.Support), permission));
    }

    [Theory]
    [InlineData(Permission.ReshipRequestsRead)]
    [InlineData(Permission.ReshipRequestsDecide)]
    [InlineData(Permission.RequestAddress)]
    public void Support_DecidesReshipRequestsButWarehouseDoesNot(string permission)
    {
        Assert.True(AccessRules.Allows(Person(Roles.Support), permission));
        Assert.True(AccessRules.Allows(Person(Roles.Admin), permission));
        Assert.False(AccessRules.Allows(Person(Roles.Warehouse), permission));
    }

    [Theory]
    [InlineData(Permission.AuditRead)]
    [InlineData(Permission.ApiKeysManage)]
    [InlineData(Permission.AccountsManage)]
    public void OnlyTheOwner_ManagesAccountsKeysAndReadsTheAuditTrail(string permission)
    {
        Assert.True(AccessRules.Allows(Person(Roles.Admin), permission));
        Assert.False(AccessRules.Allows(Person(Roles.Warehouse), permission));
        Assert.False(AccessRules.Allows(Person(Roles.Support), permission));
        Assert.False(AccessRules.Allows(Key(ApiScopes.All.ToArray()), permission));
    }

    [Fact]
    public void EveryRole_LooksUpOrdersAndReadsReissues()
    {
        foreach (var role in Roles.All)
        {
            Assert.True(AccessRules.Allows(Person(role), Permission.OrdersRead));
            Assert.True(AccessRules.Allows(Person(role), Permission.ReissuesRead));
        }
    }

    [Fact]
    public void ApiKeys_AreCheckedByScope_AndPeopleNeverHoldKeyOnlyPermissions()
    {
        Assert.True(AccessRules.Allows(Key(ApiScopes.Courier), Permission.CourierEvents));
        Assert.False(AccessRules.Allows(Key(ApiScopes.Courier), Permission.ReissuesCreate));
        Assert.True(AccessRules.Allows(Key(ApiScopes.Erp), Permission.ReissuesCreate));
        Assert.False(AccessRules.Allows(Key(ApiScopes.Platform), Permission.ReshipRequestsDecide));
        Assert.False(AccessRules.Allows(Person(Roles.Admin), Permission.CourierEvents));
        Assert.False(AccessRules.Allows(null, Permission.OrdersRead));
    }

    [Theory]
    [InlineData("/warehouse/orders", Permission.OrdersRead)]
    [InlineData("warehouse/orders/261126-512345678901234", Permission.OrdersRead)]
    [InlineData("/warehouse/orders/reissues", Permission.ReissuesRead)]
    [InlineData("/warehouse/orders/reissues/create?orderNo=1", Permission.ReissuesCreate)]
    [InlineData("/warehouse/orders/reissues/upload", Permission.TrackingUpload)]
    [InlineData("/after-sales/reship-requests", Permission.ReshipRequestsRead)]
    [InlineData("/after-sales/reship-requests/42", Permission.ReshipRequestsRead)]
    [InlineData("/settings/audit", Permission.AuditRead)]
    [InlineData("/", Permission.Dashboard)]
    public void PermissionForPath_TakesThePageOrTheNearestPageAbove(string path, string expected) =>
        Assert.Equal(expected, AccessRules.PermissionForPath(path));
}

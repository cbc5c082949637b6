using Bunit;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Settings.Accounts;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Settings.Accounts;

[Trait("Category", "Component")]
public sealed class AccountTableTests : MudTestContext
{
    [Fact]
    public void LockingIsNotOfferedOnYourOwnRow_OnlyOnOthers()
    {
        AccountRow[] accounts =
        [
            new(1, "admin", Roles.Admin, false, null, null, IsSelf: true),
            new(2, "support", Roles.Support, false, null, null, IsSelf: false),
        ];

        var table = Render<AccountTable>(p => p.Add(t => t.Accounts, accounts));

        Assert.Empty(table.FindAll("button[aria-label='锁定 admin']"));
        Assert.Single(table.FindAll("button[aria-label='锁定 support']"));
        Assert.Single(table.FindAll("button[aria-label='修改角色 admin']"));
    }
}

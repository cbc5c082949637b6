using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Components.Layout;
using ReshipDashboard.Data.Seeding;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Home;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Accounts;

/// <summary>What each role sees: its menu, its buttons, and the buyer's phone masked unless the role ships.</summary>
[Trait("Category", "Component")]
public sealed class RoleViewTests : MudTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Services.AddSingleton<DemoShopSeeder>();
        Services.AddOptions<SeedOptions>();
        await Services.GetRequiredService<DemoShopSeeder>().SeedAsync(40, 7);
    }

    private async Task<(string OrderNo, string Phone)> AnOrderAsync()
    {
        await using var db = Database.CreateDbContext();
        var order = await db.Orders.OrderBy(o => o.Id).FirstAsync();
        return (order.OrderNo, order.Address.Phone);
    }

    private IReadOnlyList<string> MenuLinks()
    {
        var menu = Render<NavMenu>();
        return menu.FindAll("a").Select(a => a.TextContent.Trim()).ToList();
    }

    [Fact]
    public void Menu_ForWarehouse_HasOrdersAndReissues_ButNoReshipRequestsOrSettings()
    {
        SignInAs(Roles.Warehouse);
        var links = MenuLinks();
        Assert.Contains("补发订单", links);
        Assert.Contains("创建补发单", links);
        Assert.DoesNotContain("补寄申请", links);
        Assert.DoesNotContain("审计日志", links);
        Assert.DoesNotContain("API 密钥", links);
    }

    [Fact]
    public void Menu_ForSupport_HasReshipRequestsAndReadOnlyReissues_ButNoCreate()
    {
        SignInAs(Roles.Support);
        var links = MenuLinks();
        Assert.Contains("补寄申请", links);
        Assert.Contains("补发订单", links);
        Assert.DoesNotContain("创建补发单", links);
        Assert.DoesNotContain("审计日志", links);
    }

    [Fact]
    public void Menu_ForTheOwner_HasEverything_IncludingSettings()
    {
        var links = MenuLinks();
        Assert.Contains("补寄申请", links);
        Assert.Contains("创建补发单", links);
        Assert.Contains("API 密钥", links);
        Assert.Contains("审计日志", links);
    }

    [Fact]
    public void Home_ForWarehouse_ShowsNoReshipRequestCounts()
    {
        SignInAs(Roles.Warehouse);
        RenderProviders();
        var home = Render<HomePage>();
        home.WaitForAssertion(() => Assert.NotEmpty(home.FindAll("[data-testid='count-needs-reissue']")));
        Assert.Empty(home.FindAll("[data-testid='count-pending']"));
    }

    [Theory]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Warehouse, true)]
    [InlineData(Roles.Support, false)]
    public async Task OrderDetail_ShowsTheFullShippingPhone_OnlyToRolesThatShip(string role, bool full)
    {
        SignInAs(role);
        var (orderNo, phone) = await AnOrderAsync();
        RenderProviders();

        var page = Render<OrderDetailPage>(p => p.Add(x => x.OrderNo, orderNo));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='address-phone']")));
        var shown = page.Find("[data-testid='address-phone']").TextContent.Trim();
        Assert.Equal(full ? phone : phone[..3] + "****" + phone[^4..], shown);
        Assert.DoesNotContain(phone, page.Find("[data-testid='order-card'] tr:nth-child(2)").TextContent);
        Assert.Equal(role != Roles.Support, page.Markup.Contains("创建补发单", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Warehouse)]
    [InlineData(Roles.Support)]
    public async Task OrderList_MasksEveryPhone_ForEveryRole(string role)
    {
        SignInAs(role);
        await using var db = Database.CreateDbContext();
        var phones = await db.Buyers.Select(b => b.Phone).ToListAsync();
        RenderProviders();

        var page = Render<OrdersPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr a")));
        Assert.All(phones, p => Assert.DoesNotContain(p, page.Markup));
        Assert.Contains("****", page.Markup);
    }

    [Fact]
    public void CurrentActor_IsTheSignedInPerson()
    {
        SignInAs(Roles.Support);
        var actor = Services.GetRequiredService<CurrentActor>();
        Assert.Equal(ReshipDashboard.Domain.Common.Actor.Person("support"), actor.Actor);
        Assert.True(Services.GetRequiredService<AccessGuard>().Allows(Permission.ReshipRequestsDecide));
        Assert.False(Services.GetRequiredService<AccessGuard>().Allows(Permission.ReissuesCreate));
    }

    [Fact]
    public void Guard_RefusesNobody_ButLetsAnExplicitSystemJobThrough()
    {
        SignInAs(null);
        var actor = Services.GetRequiredService<CurrentActor>();
        var guard = Services.GetRequiredService<AccessGuard>();
        Assert.Throws<ReshipDashboard.Domain.Common.DomainException>(() => guard.Demand(Permission.ReissuesCreate));

        actor.Actor = ReshipDashboard.Domain.Common.Actor.System;
        guard.Demand(Permission.ReissuesCreate);
        Assert.True(actor.IsSystem);
    }
}

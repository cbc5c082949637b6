using Bunit;
using ReshipDashboard.Components.Layout;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Components.Layout;

[Trait("Category", "Component")]
public sealed class MainLayoutTests : MudTestContext
{
    [Fact]
    public void NavMenu_ShowsTheWarehouseMenuPath()
    {
        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => (Text: a.TextContent.Trim(), Href: a.GetAttribute("href"))).ToList();
        Assert.Contains(("仓配订单", "warehouse/orders"), links);
        Assert.Contains(("补发订单", "warehouse/orders/reissues"), links);
        Assert.Contains(("创建补发单", "warehouse/orders/reissues/create"), links);
        Assert.Contains(("补寄申请", "after-sales/reship-requests"), links);
        Assert.Contains("仓配管理", menu.Markup);
        Assert.Contains("售后管理", menu.Markup);
    }

    [Fact]
    public void Layout_MenuToggleAndLanguageSwitchAreLabelled()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (Microsoft.AspNetCore.Components.RenderFragment)(b => b.AddContent(0, "body"))));

        var toggle = layout.Find("header button[aria-label]");
        Assert.Equal("展开或收起菜单", toggle.GetAttribute("aria-label"));
        Assert.NotNull(layout.Find("nav[aria-label='语言'] [data-culture='en']"));
        Assert.Equal("true", layout.Find("[data-culture='zh-CN']").GetAttribute("aria-current"));
    }

    [Theory]
    [InlineData("warehouse/orders", new[] { "仓配管理", "仓配订单" })]
    [InlineData("warehouse/orders/261126-512345678901234", new[] { "仓配管理", "仓配订单" })]
    [InlineData("warehouse/orders/reissues", new[] { "仓配管理", "仓配订单", "补发订单" })]
    [InlineData("warehouse/orders/reissues/create?orderNo=1", new[] { "仓配管理", "仓配订单", "补发订单", "创建补发单" })]
    [InlineData("after-sales/reship-requests", new[] { "售后管理", "补寄申请" })]
    [InlineData("", new string[0])]
    public void MenuTree_PathTo_GivesTheBreadcrumbChain(string path, string[] expected) =>
        Assert.Equal(expected, MenuTree.PathTo(path).Select(n => n.Title));
}

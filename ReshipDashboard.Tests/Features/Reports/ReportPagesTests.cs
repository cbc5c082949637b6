using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Data;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Home;
using ReshipDashboard.Features.Reports;
using ReshipDashboard.Features.Settings.FreightRates;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Localization;
using ReshipDashboard.Tests.TestSupport;
using Roles = ReshipDashboard.Features.Accounts.Roles;

namespace ReshipDashboard.Tests.Features.Reports;

/// <summary>The report pages over <see cref="KnownShop"/>: the figures shown, and where each one leads.</summary>
[Trait("Category", "Component")]
public sealed class ReportPagesTests : MudTestContext
{
    private const string Period = "period=custom&from=2026-11-20&to=2026-11-25";
    private KnownShop _shop = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _shop = await KnownShop.CreateAsync();
        Services.AddSingleton<IDbContextFactory<ReshipDbContext>>(_shop.Database);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _shop.DisposeAsync();
    }

    private IRenderedComponent<T> Open<T>(string address) where T : IComponent
    {
        RenderProviders();
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<T>();
    }

    [Fact]
    public void CostPage_ShowsTheKnownFigures_EachLinkingToItsReissues()
    {
        var page = Open<ReissueCostPage>($"reports/reissue-cost?{Period}");

        page.WaitForAssertion(() => Assert.Contains("¥126.43", page.Find("[data-testid='cost-total']").TextContent));
        Assert.Contains("100.00", page.Find("[data-testid='cost-rate']").TextContent);
        Assert.Contains("50.00", page.Find("[data-testid='cost-rate']").TextContent);
        var total = page.Find("[data-testid='cost-total'] a").GetAttribute("href");
        Assert.Equal("warehouse/orders/reissues?status=all&from=2026-11-20&to=2026-11-25&active=true", total);
        Assert.Contains("duplicate=true", page.Find("[data-testid='cost-duplicates'] a").GetAttribute("href"));
        Assert.Contains(page.FindAll("[data-testid='by-sku'] a"), a => a.GetAttribute("href")!.Contains("sku=SKU-A") && a.TextContent == "¥79.60");
        Assert.Contains(page.FindAll("[data-testid='by-courier'] a"), a => a.GetAttribute("href")!.Contains("origin=SF&") && a.TextContent == "1000.00‰");
        Assert.Contains(page.FindAll("[data-testid='by-province'] a"), a => a.GetAttribute("href")!.Contains("province=") && a.TextContent == "¥90.03");
        Assert.Contains(page.FindAll("[data-testid='by-day'] a"), a => a.GetAttribute("href")!.Contains("from=2026-11-21&to=2026-11-21") && a.TextContent == "¥27.90");
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "reports/reissue-cost/export?format=csv&period=custom&from=2026-11-20&to=2026-11-25");
    }

    [Fact]
    public void CostPage_InEnglish_SaysItInEnglish()
    {
        System.Globalization.CultureInfo.CurrentUICulture = LocalizationSetup.English;
        var page = Open<ReissueCostPage>($"reports/reissue-cost?{Period}");

        page.WaitForAssertion(() => Assert.Contains("Total reissue cost", page.Markup));
        Assert.Contains("By courier", page.Markup);
        Assert.DoesNotContain("补发损耗合计", page.Markup);
    }

    [Fact]
    public void PeriodPicker_BackwardsCustomPeriod_SaysWhy_AndStays()
    {
        var page = Open<ReissueCostPage>($"reports/reissue-cost?{Period}");
        page.WaitForAssertion(() => page.Find("[data-testid='cost-total']"));

        page.Find("#period-from").Change("2026-11-25");
        page.Find("#period-to").Change("2026-11-20");
        page.Find("form[aria-label='自定义时间段']").Submit();

        page.WaitForAssertion(() => Assert.Contains("开始日期不能晚于结束日期", page.Find("[role='alert']").TextContent));
        Assert.EndsWith($"reports/reissue-cost?{Period}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    /// <summary>What the prerendered page persisted, under its key, becomes the state the interactive render starts from.</summary>
    private void HandOn<T>(string key)
    {
        PersistentState.TriggerOnPersisting();
        Assert.True(PersistentState.TryTake<T>(key, out var handed));
        PersistentState.Persist(key, handed);
        Interactive();
    }

    [Fact]
    public async Task CostPage_TheInteractiveRender_ShowsWhatPrerenderingRead_WithoutReadingAgain()
    {
        Prerendering();
        var prerendered = Open<ReissueCostPage>($"reports/reissue-cost?{Period}");
        prerendered.WaitForAssertion(() => Assert.Contains("¥126.43", prerendered.Find("[data-testid='cost-total']").TextContent));
        HandOn<ReissueCostReport>(ReissueCostPage.PersistKey(KnownShop.Period));
        // The report reads only tallies: read again now, it would count nothing.
        await using (var db = _shop.Database.CreateDbContext()) await db.Tallies.ExecuteDeleteAsync();

        var interactive = Render<ReissueCostPage>();

        interactive.WaitForAssertion(() => Assert.Contains("¥126.43", interactive.Find("[data-testid='cost-total']").TextContent));
        Assert.Contains(interactive.FindAll("[data-testid='by-day'] a"), a => a.TextContent == "¥27.90");
    }

    [Fact]
    public async Task SlaPage_TheInteractiveRender_ShowsWhatPrerenderingRead_WithoutReadingAgain()
    {
        SignInAs(Roles.Support);
        Prerendering();
        var prerendered = Open<ReshipSlaPage>($"reports/reship-sla?{Period}");
        prerendered.WaitForAssertion(() => Assert.Contains("9", prerendered.Find("[data-testid='sla-received']").TextContent));
        HandOn<ReshipSlaReport>(ReshipSlaPage.PersistKey(KnownShop.Period));
        // Read again now, the period would hold no requests.
        await using (var db = _shop.Database.CreateDbContext())
            await db.ReshipRequests.ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAtUtc, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

        var interactive = Render<ReshipSlaPage>();

        interactive.WaitForAssertion(() => Assert.Contains("9", interactive.Find("[data-testid='sla-received']").TextContent));
        Assert.Contains("4.0 小时", interactive.Find("[data-testid='sla-median']").TextContent);
    }

    [Fact]
    public async Task CostPage_ForAnotherPeriod_ReadsAfresh()
    {
        Prerendering();
        var prerendered = Open<ReissueCostPage>($"reports/reissue-cost?{Period}");
        prerendered.WaitForAssertion(() => Assert.Contains("¥126.43", prerendered.Find("[data-testid='cost-total']").TextContent));
        HandOn<ReissueCostReport>(ReissueCostPage.PersistKey(KnownShop.Period));
        await using (var db = _shop.Database.CreateDbContext()) await db.Tallies.ExecuteDeleteAsync();

        Services.GetRequiredService<NavigationManager>().NavigateTo("reports/reissue-cost?period=custom&from=2026-11-21&to=2026-11-25");
        var interactive = Render<ReissueCostPage>();

        interactive.WaitForAssertion(() => Assert.Contains("¥0.00", interactive.Find("[data-testid='cost-total']").TextContent));
    }

    [Fact]
    public void SlaPage_ShowsTheKnownFigures_EachLinkingToTheQueue()
    {
        SignInAs(Roles.Support);
        var page = Open<ReshipSlaPage>($"reports/reship-sla?{Period}");

        page.WaitForAssertion(() => Assert.Contains("9", page.Find("[data-testid='sla-received']").TextContent));
        Assert.Contains("4.0 小时", page.Find("[data-testid='sla-median']").TextContent);
        Assert.Contains("50.0 小时", page.Find("[data-testid='sla-p90']").TextContent);
        Assert.Equal("after-sales/reship-requests?sla=auto_approved&from=2026-11-20&to=2026-11-25",
            page.Find("[data-testid='sla-auto_approved'] a").GetAttribute("href"));
        Assert.Contains(page.FindAll("[data-testid='by-account'] a"), a => a.GetAttribute("href")!.Contains("by=API%3Aerp"));
        Assert.Contains(page.FindAll("[data-testid='by-reason'] a"), a => a.GetAttribute("href")!.Contains("reason=wrong_item"));
    }

    [Fact]
    public void Queue_OpenedFromAFigure_ShowsTheFilter_AndOnlyThoseRequests()
    {
        SignInAs(Roles.Support);
        var page = Open<ReshipRequestsPage>("after-sales/reship-requests?sla=escalated&from=2026-11-20&to=2026-11-25");

        page.WaitForAssertion(() => Assert.Contains("平台介入", page.Find("[data-testid='report-filter']").TextContent));
        Assert.Single(page.FindAll("tbody tr"));
    }

    [Fact]
    public void ReissueList_OpenedFromAFigure_ShowsTheFilter_AndCountsOnlyThoseReissues()
    {
        var page = Open<ReissuesPage>("warehouse/orders/reissues?status=all&from=2026-11-20&to=2026-11-25&sku=SKU-A&active=true");

        page.WaitForAssertion(() => Assert.Contains("SKU SKU-A", page.Find("[data-testid='report-filter']").TextContent));
        page.WaitForAssertion(() => Assert.Contains("全部 (3)", page.Markup));
    }

    [Fact]
    public void Home_ShowsThisMonthsCostAndRate_ToTheOwnerOnly()
    {
        var page = Open<CostTiles>("");
        page.WaitForAssertion(() => Assert.Contains("¥", page.Find("[data-testid='month-cost']").TextContent));
        Assert.Contains("reports/reissue-cost?period=month", page.Find("[data-testid='month-rate'] a").GetAttribute("href"));

        SignInAs(Roles.Warehouse);
        var hidden = Render<CostTiles>();
        Assert.Empty(hidden.FindAll("[data-testid='month-cost']"));
    }

    [Fact]
    public async Task FreightPage_RefusesABadAmount_AndSavesAGoodOne()
    {
        var page = Open<FreightRatesPage>("settings/freight-rates");
        page.WaitForAssertion(() => Assert.Equal("12.34", page.Find("#freight-SF").GetAttribute("value")));

        page.Find("#freight-ZTO").Change("8.123");
        page.Find("tr[data-carrier='ZTO'] button").Click();
        page.WaitForAssertion(() => Assert.Contains("最多两位小数", page.Markup));

        page.Find("#freight-ZTO").Change("9.5");
        page.Find("tr[data-carrier='ZTO'] button").Click();
        page.WaitForAssertion(() => Assert.Contains("运费已保存", page.Markup));
        await using var db = _shop.Database.CreateDbContext();
        Assert.Equal(950, (await db.CourierFreightRates.SingleAsync(r => r.Carrier == "ZTO")).FreightFen);
        Assert.Single(db.AuditEntries.Where(a => a.EntityType == "freight_rate" && a.Action == "freight_changed"));
    }
}

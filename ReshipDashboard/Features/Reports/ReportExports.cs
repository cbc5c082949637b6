using System.Globalization;
using Microsoft.Extensions.Localization;
using ReshipDashboard.Components.Shared;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features.Reports;

public enum ReportExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>The two reports as downloads: one table (section, item, figures) as CSV (UTF-8 with BOM) or .xlsx.</summary>
public static class ReportExports
{
    public const string CostPath = "/reports/reissue-cost/export";
    public const string SlaPath = "/reports/reship-sla/export";

    public static IEndpointRouteBuilder MapReportExports(this IEndpointRouteBuilder app)
    {
        app.MapGet(CostPath, CostAsync).RequireAuthorization(Accounts.Permission.ReportsCost).ExcludeFromDescription();
        app.MapGet(SlaPath, SlaAsync).RequireAuthorization(Accounts.Permission.ReportsSla).ExcludeFromDescription();
        return app;
    }

    public static string Href(string path, ReportExportFormat format, ReportPeriod period) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path.TrimStart('/'),
            period.Query().Prepend(new("format", ApiWords.Of(format))).Where(kv => kv.Value is not null));

    private static async Task<IResult> CostAsync(HttpRequest request, ReissueCostReportService service, ShopClock clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var (format, period) = Read(request, clock);
        var report = await service.BuildAsync(period, ct);
        return File(format, CostTable(report, l), l["补发损耗"], period);
    }

    private static async Task<IResult> SlaAsync(HttpRequest request, ReshipSlaReportService service, ShopClock clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var (format, period) = Read(request, clock);
        var report = await service.BuildAsync(period, ct);
        return File(format, SlaTable(report, l), l["补寄时效"], period);
    }

    private static (ReportExportFormat, ReportPeriod) Read(HttpRequest request, ShopClock clock)
    {
        var q = request.Query;
        ApiWords.TryParse<ReportExportFormat>(q["format"], out var format);
        return (format, ReportPeriod.Parse(q["period"], q["from"], q["to"], clock.Today));
    }

    private static IResult File(ReportExportFormat format, List<string[]> table, string title, ReportPeriod period)
    {
        var name = $"{title}-{ReportPeriod.Day(period.From)}-{ReportPeriod.Day(period.To)}";
        return format == ReportExportFormat.Xlsx
            ? Results.File(ReissueExport.Xlsx(table), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx")
            : Results.File(ReissueExport.Csv(table), "text/csv; charset=utf-8", name + ".csv");
    }

    /// <summary>Yuan with two decimals from fen, exactly (no floating point).</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Num(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    public static List<string[]> CostTable(ReissueCostReport r, IStringLocalizer l)
    {
        var table = new List<string[]>
        {
            new[] { "分组", "项目", "补发单数", "商品金额（元）", "运费（元）", "损耗合计（元）", "说明" }.Select(h => l[h].Value).ToArray(),
        };
        void Add(string section, string item, CostLine c, string note = "") =>
            table.Add([l[section], item, c.Reissues.ToString(CultureInfo.InvariantCulture), Yuan(c.GoodsFen), Yuan(c.FreightFen), Yuan(c.CostFen), note]);

        Add("合计", $"{ReportPeriod.Day(r.Period.From)} – {ReportPeriod.Day(r.Period.To)}", r.Total,
            l["补发率 {0}（每百单），上期 {1}", Num(r.Rate), Num(r.PreviousRate)]);
        Add("重复签收", l["原包裹也已签收"], r.Duplicates);
        foreach (var d in r.Days)
            table.Add([l["按日"], ReportPeriod.Day(d.Day), d.Reissues.ToString(CultureInfo.InvariantCulture), "", "", Yuan(d.CostFen), ""]);
        foreach (var s in r.ByScenario) Add("按场景", l.Scenario(s.Scenario), s.Cost);
        foreach (var s in r.TopSkus)
            table.Add([l["按 SKU"], $"{s.Sku} {s.Name}", s.Reissues.ToString(CultureInfo.InvariantCulture), Yuan(s.GoodsFen), "", "",
                l["件数 {0}", s.Quantity]]);
        foreach (var c in r.ByCourier)
            table.Add([l["按快递公司"], Labels.Courier(c.Carrier), c.Reissues.ToString(CultureInfo.InvariantCulture), "", "", Yuan(c.CostFen),
                l["原包裹 {0}，每千单补发 {1}，拦截率 {2}%，破损率 {3}%", c.OriginalParcels, Num(c.ReissuesPerThousand), Num(c.InterceptionRate), Num(c.DamageRate)]]);
        foreach (var p in r.ByProvince) Add("按省份", p.Key, p);
        return table;
    }

    public static List<string[]> SlaTable(ReshipSlaReport r, IStringLocalizer l)
    {
        var outcomes = ReshipSlaReport.Outcomes;
        var table = new List<string[]>
        {
            new[] { l["分组"].Value, l["项目"].Value }.Concat(outcomes.Select(o => l[$"sla.{ApiWords.Of(o)}"].Value))
                .Concat([l["答复时间中位数（小时）"].Value, l["答复时间 P90（小时）"].Value]).ToArray(),
        };
        void Add(string section, string item, SlaCounts c) => table.Add(
            new[] { l[section].Value, item }.Concat(outcomes.Select(o => c[o].ToString(CultureInfo.InvariantCulture)))
                .Concat([Hours(c.MedianAnswer), Hours(c.P90Answer)]).ToArray());

        Add("合计", $"{ReportPeriod.Day(r.Period.From)} – {ReportPeriod.Day(r.Period.To)}", r.Total);
        foreach (var a in r.ByAccount) Add("按处理人", a.AnsweredBy == ReshipSlaFilter.Nobody ? l["未记录"] : a.AnsweredBy, a.Counts);
        foreach (var a in r.ByReason) Add("按原因", l.Reason(a.Reason), a.Counts);
        foreach (var d in r.Days)
            table.Add(new[] { l["按日"].Value, ReportPeriod.Day(d.Day), d.Received.ToString(CultureInfo.InvariantCulture),
                d.AnsweredWithin.ToString(CultureInfo.InvariantCulture), "", d.AutoApproved.ToString(CultureInfo.InvariantCulture),
                d.Escalated.ToString(CultureInfo.InvariantCulture), "", "", "", "", "" });
        return table;
    }

    public static string Hours(TimeSpan? t) => t is { } v ? Math.Round((decimal)v.TotalHours, 1).ToString("0.0", CultureInfo.InvariantCulture) : "";
}

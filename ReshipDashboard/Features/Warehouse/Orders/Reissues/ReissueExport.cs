using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using ReshipDashboard.Components.Shared;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

public enum ReissueExportFormat
{
    Csv,
    Xlsx,
    /// <summary>The bulk upload template (补发单号,快递公司,物流单号) pre-filled with the reissues waiting for staff.</summary>
    Template,
}

/// <summary>Downloads of the 补发订单 list: the filtered list as CSV (UTF-8 with BOM) or .xlsx, and the pre-filled upload template.</summary>
public static class ReissueExport
{
    public const string Path = "/warehouse/orders/reissues/export";
    public static readonly string[] TemplateHeader = ["补发单号", "快递公司", "物流单号"];

    public static IEndpointRouteBuilder MapReissueExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, DownloadAsync).RequireAuthorization(Accounts.Permission.ReissuesRead).ExcludeFromDescription();
        return app;
    }

    /// <summary>The download link for a format, the filters and the tab.</summary>
    public static string Href(ReissueExportFormat format, ReissueFilter f, ReissueStatus? status)
    {
        var query = ReissueFilterQuery.ToQuery(f);
        query["format"] = ApiWords.Of(format);
        query["status"] = status is { } s ? ApiWords.Of(s) : null;
        return QueryHelpers.AddQueryString(Path.TrimStart('/'), query.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
    }

    private static async Task<IResult> DownloadAsync(HttpRequest request, ReissueService service, ShopClock clock,
        IStringLocalizer<SharedResource> l, IAuthorizationService authorization, CancellationToken ct)
    {
        // Roles that ship see the recipient's phone in full; the others see it masked.
        var fullPhone = (await authorization.AuthorizeAsync(request.HttpContext.User, Accounts.Permission.ShippingContact)).Succeeded;
        var q = request.Query;
        ApiWords.TryParse<ReissueExportFormat>(q["format"], out var format);
        ReissueStatus? status = ApiWords.TryParse<ReissueStatus>(q["status"], out var st) ? st : null;
        if (format == ReissueExportFormat.Template) status = ReissueStatus.AwaitingManualTracking;
        var filter = ReissueFilterQuery.FromQuery(k => q[k].FirstOrDefault());
        var rows = await service.ExportAsync(filter, status, ct);
        var stamp = clock.Now.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return format switch
        {
            ReissueExportFormat.Template => Results.File(Csv([TemplateHeader, .. rows.Select(TemplateRow)]), "text/csv; charset=utf-8", $"补发单号上传模板-{stamp}.csv"),
            ReissueExportFormat.Xlsx => Results.File(Xlsx(Table(rows, clock, l, fullPhone)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"补发订单-{stamp}.xlsx"),
            _ => Results.File(Csv(Table(rows, clock, l, fullPhone)), "text/csv; charset=utf-8", $"补发订单-{stamp}.csv"),
        };
    }

    private static string[] TemplateRow(ReissueRow r) =>
        [r.ReissueNo, r.PreferredCarrier is { } c ? Courier.FromCode(c).ChineseName : "", ""];

    /// <summary>
    /// The list as a table: a header of column names, then one line per reissue with what to pack (all items in
    /// one cell) and where to send it; the phone in full only when <paramref name="fullPhone"/> (roles that ship).
    /// </summary>
    public static List<string[]> Table(IReadOnlyList<ReissueRow> rows, ShopClock clock, IStringLocalizer l, bool fullPhone = false)
    {
        var table = new List<string[]>(rows.Count + 1)
        {
            new[]
            {
                "补发单号", "订单号", "补发次数", "来源", "补发场景", "状态", "快递公司", "物流单号", "创建时间", "最晚发货时间", "原包裹已签收",
                "商品", "收件人", "联系电话", "收货地址", "备注", "打印时间",
            }.Select(h => l[h].Value).ToArray(),
        };
        table.AddRange(rows.Select(r => new[]
        {
            r.ReissueNo, r.OrderNo, l["第{0}次补发", r.Sequence].Value, l.Source(r.Source), l.Scenario(r.Scenario), l.Status(r.Status),
            (r.Carrier ?? r.PreferredCarrier) is { } c ? Labels.Courier(c) : "", r.TrackingNo ?? "",
            clock.Format(r.CreatedAtUtc), clock.Format(r.ShipByUtc), r.ReplacedParcelDelivered ? l["是"].Value : "",
            ReissueItemText.Cell(r.ItemList), r.Address?.Name ?? "", r.Address is { } a ? (fullPhone ? a.Phone : a.MaskedPhone) : "",
            ReissueItemText.Address(r.Address), r.Remark ?? "", r.PrintedAtUtc is { } p ? clock.Format(p) : "",
        }));
        return table;
    }

    /// <summary>UTF-8 with a byte order mark, so Excel shows the Chinese.</summary>
    public static byte[] Csv(IEnumerable<string[]> table)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, null, leaveOpen: true))
        {
            foreach (var row in table) csv.WriteRecord(row);
            csv.Flush();
        }
        return stream.ToArray();
    }

    public static byte[] Xlsx(List<string[]> table)
    {
        var header = table[0];
        var records = table.Skip(1).Select(row =>
        {
            var record = new Dictionary<string, object>(header.Length);
            for (var i = 0; i < header.Length; i++) record[header[i]] = row[i];
            return record;
        }).ToList();
        if (records.Count == 0) records.Add(header.ToDictionary(h => h, _ => (object)""));
        using var stream = new MemoryStream();
        stream.SaveAs(records, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }
}

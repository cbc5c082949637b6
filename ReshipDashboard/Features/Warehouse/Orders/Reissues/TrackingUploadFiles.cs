using System.Text;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>The files of the upload page: the template (CSV with BOM, so Excel shows Chinese, and .xlsx) and the refused rows.</summary>
public static class TrackingUploadFiles
{
    public static byte[] TemplateCsv() => Csv([TrackingUploadParser.Header]);

    public static byte[] TemplateXlsx()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { TrackingUploadParser.Header.ToDictionary(h => h, _ => (object)"") }, printHeader: true);
        return stream.ToArray();
    }

    /// <summary>The refused rows with their reasons, in the template's columns so the fixed file can be uploaded again.</summary>
    public static byte[] RejectedCsv(UploadReport report, IStringLocalizer localizer)
    {
        var lines = new List<IReadOnlyList<string?>>();
        lines.Add([.. TrackingUploadParser.Header, localizer["行号"].Value, localizer["原因"].Value]);
        lines.AddRange(report.Rejected.Select(r => (IReadOnlyList<string?>)
            [r.Source.Reissue, r.Source.Carrier, r.Source.TrackingNo, r.Source.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Reason(localizer)]));
        return Csv(lines);
    }

    public static string DataUrl(string contentType, byte[] bytes) => $"data:{contentType};base64,{Convert.ToBase64String(bytes)}";

    public const string CsvType = "text/csv;charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static byte[] Csv(IEnumerable<IReadOnlyList<string?>> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines) sb.Append(string.Join(',', line.Select(Escape))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Escape(string? value)
    {
        value ??= "";
        // A leading =, +, - or @ would run as a formula in Excel.
        if (value.Length > 0 && "=+-@".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}

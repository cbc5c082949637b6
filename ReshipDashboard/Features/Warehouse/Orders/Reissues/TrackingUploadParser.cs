using System.Text;
using MiniExcelLibs;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>One row of an upload as it was written; <see cref="Row"/> is the CSV/sheet line (header = 1) or the 1-based JSON position.</summary>
public sealed record UploadRow(int Row, string? Reissue, string? Carrier, string? TrackingNo);

/// <summary>
/// Reads the upload template (补发单号,快递公司,物流单号) from CSV — UTF-8 with or without BOM, or GBK as Chinese
/// Excel saves it — or from .xlsx. A file that is not such a table is refused as a whole (API 400).
/// </summary>
public static class TrackingUploadParser
{
    public const int MaxRows = 10_000;
    public static readonly string[] Header = ["补发单号", "快递公司", "物流单号"];
    private static readonly string[][] HeaderAliases = [["补发单号", "reissueno", "reissueid", "reissue"], ["快递公司", "carrier", "courier"], ["物流单号", "trackingno", "tracking"]];

    static TrackingUploadParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gbk => Encoding.GetEncoding(936);

    /// <summary>Reads a CSV or .xlsx file (told apart by its first bytes).</summary>
    public static List<UploadRow> Parse(byte[] bytes, string? charset = null)
    {
        if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4)
            return ParseXlsx(bytes);
        return ParseCsv(Decode(bytes, charset));
    }

    /// <summary>The charset parameter when given; else UTF-8 when the bytes are valid UTF-8; else GBK.</summary>
    public static string Decode(byte[] bytes, string? charset)
    {
        if (!string.IsNullOrWhiteSpace(charset))
        {
            Encoding encoding;
            try { encoding = Encoding.GetEncoding(charset.Trim().Trim('"')); }
            catch (ArgumentException) { throw Unreadable("不支持的字符集：{0}", charset); }
            return StripBom(encoding.GetString(bytes));
        }
        try
        {
            return StripBom(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return Gbk.GetString(bytes);
        }
    }

    private static string StripBom(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;

    public static List<UploadRow> ParseCsv(string text)
    {
        var records = ReadRecords(text).ToList();
        var firstData = records.FindIndex(r => !IsBlank(r.Fields));
        if (firstData < 0) throw Unreadable("文件是空的");
        var columns = MapHeader(records[firstData].Fields);
        var rows = new List<UploadRow>();
        foreach (var (line, fields) in records.Skip(firstData + 1))
        {
            if (IsBlank(fields)) continue;
            if (rows.Count == MaxRows) throw Unreadable("一次最多上传 {0} 行", MaxRows);
            rows.Add(new UploadRow(line, Cell(fields, columns[0]), Cell(fields, columns[1]), Cell(fields, columns[2])));
        }
        return rows;
    }

    public static List<UploadRow> ParseXlsx(byte[] bytes)
    {
        List<string?[]> sheet;
        try
        {
            using var stream = new MemoryStream(bytes);
            sheet = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Select(r => r.Values.Select(v => v?.ToString()).ToArray())
                .ToList();
        }
        catch (Exception e) when (e is not DomainException)
        {
            throw Unreadable("无法读取 Excel 文件");
        }
        var firstData = sheet.FindIndex(r => !IsBlank(r));
        if (firstData < 0) throw Unreadable("文件是空的");
        var columns = MapHeader(sheet[firstData]);
        var rows = new List<UploadRow>();
        for (var i = firstData + 1; i < sheet.Count; i++)
        {
            if (IsBlank(sheet[i])) continue;
            if (rows.Count == MaxRows) throw Unreadable("一次最多上传 {0} 行", MaxRows);
            rows.Add(new UploadRow(i + 1, Cell(sheet[i], columns[0]), Cell(sheet[i], columns[1]), Cell(sheet[i], columns[2])));
        }
        return rows;
    }

    private static int[] MapHeader(IReadOnlyList<string?> header)
    {
        var names = header.Select(h => (h ?? "").Trim().Replace(" ", "").ToLowerInvariant()).ToList();
        var columns = HeaderAliases.Select(aliases => names.FindIndex(n => aliases.Contains(n))).ToArray();
        if (columns.Any(c => c < 0)) throw Unreadable("表头应为：{0}", string.Join(",", Header));
        return columns;
    }

    private static string? Cell(IReadOnlyList<string?> fields, int index) =>
        index < fields.Count && !string.IsNullOrWhiteSpace(fields[index]) ? fields[index]!.Trim() : null;

    private static bool IsBlank(IReadOnlyList<string?> fields) => fields.All(string.IsNullOrWhiteSpace);

    private static DomainException Unreadable(string key, params object?[] args) =>
        new(DomainErrorKind.Invalid, key, args) { Field = "file" };

    /// <summary>RFC 4180 records with the physical line each starts on (quoted fields may hold commas and line breaks).</summary>
    private static IEnumerable<(int Line, List<string?> Fields)> ReadRecords(string text)
    {
        var fields = new List<string?>();
        var field = new StringBuilder();
        var line = 1;
        var startLine = 1;
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (startLine, fields);
                    fields = [];
                    line++;
                    startLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
            i++;
        }
        if (quoted) throw Unreadable("第 {0} 行的引号没有结束", startLine);
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (startLine, fields);
        }
    }
}

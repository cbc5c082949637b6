using System.Text;
using System.Text.Unicode;
using CsvHelper;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>One row of an upload as it was written; <see cref="Row"/> is the CSV/sheet line (header = 1) or the 1-based JSON position.</summary>
public sealed record UploadRow(int Row, string? Reissue, string? Carrier, string? TrackingNo);

/// <summary>
/// Reads the upload template (补发单号,快递公司,物流单号) from CSV — UTF-8 with or without BOM, or GBK as Chinese
/// Excel saves it — or from .xlsx. Both are read record by record: blank rows are passed over without being kept,
/// only the three template columns are read, and reading stops at the row cap. A file that is not such a table is
/// refused as a whole (API 400).
/// </summary>
public static class TrackingUploadParser
{
    public const int MaxRows = 10_000;

    /// <summary>The longest CSV record read (bytes): a template row is well under 200.</summary>
    public const int MaxRecordBytes = 16 * 1024;

    /// <summary>The longest cell kept (characters); longer cells are cut, the row is then refused for its format.</summary>
    public const int MaxCellLength = 100;

    public static readonly string[] Header = ["补发单号", "快递公司", "物流单号"];
    private static readonly string[][] HeaderAliases = [["补发单号", "reissueno", "reissueid", "reissue"], ["快递公司", "carrier", "courier"], ["物流单号", "trackingno", "tracking"]];

    static TrackingUploadParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gbk => Encoding.GetEncoding(936);

    /// <summary>Reads a CSV or .xlsx file (told apart by its first bytes).</summary>
    public static List<UploadRow> Parse(byte[] bytes, string? charset = null)
    {
        if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4)
            return TrackingUploadXlsx.Read(bytes);
        return ParseCsv(bytes, charset);
    }

    /// <summary>
    /// The encoding of CSV bytes: the charset parameter when given (UTF-7 and unknown names refused); else UTF-8
    /// when the bytes are valid UTF-8 (null: read as is); else GBK.
    /// </summary>
    public static Encoding? EncodingOf(ReadOnlySpan<byte> bytes, string? charset)
    {
        if (!string.IsNullOrWhiteSpace(charset))
        {
            var name = charset.Trim().Trim('"');
            Encoding encoding;
            try { encoding = Encoding.GetEncoding(name); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException) { throw Unreadable("不支持的字符集：{0}", Shorten(name)); }
            if (encoding.CodePage == 65000) throw Unreadable("不支持的字符集：{0}", Shorten(name));
            return encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding;
        }
        return Utf8.IsValid(bytes) ? null : Gbk;
    }

    public static List<UploadRow> ParseCsv(byte[] bytes, string? charset = null)
    {
        var encoding = EncodingOf(bytes, charset);
        var start = encoding is null && bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = MaxRecordBytes,
            Encoding = encoding,
        };
        var rows = new List<UploadRow>();
        try
        {
            using var reader = CsvReader.Create(bytes.AsMemory(start), options);
            int[]? columns = null;
            while (reader.Read())
            {
                if (IsBlank(reader)) continue;
                if (columns is null)
                {
                    columns = MapHeader(Enumerable.Range(0, Math.Min(reader.FieldCount, 64)).Select(i => Clip(reader.GetString(i))).ToList());
                    continue;
                }
                if (rows.Count == MaxRows) throw Unreadable("一次最多上传 {0} 行", MaxRows);
                rows.Add(new UploadRow(checked((int)reader.LineNumber), Cell(reader, columns[0]), Cell(reader, columns[1]), Cell(reader, columns[2])));
            }
            if (columns is null) throw Unreadable("文件是空的");
        }
        catch (CsvFormatException e)
        {
            throw Unreadable("第 {0} 行无法读取（引号没有结束或行过长）", e.LineNumber);
        }
        catch (DecoderFallbackException)
        {
            throw Unreadable("文件的字符集无法识别");
        }
        return rows;
    }

    private static bool IsBlank(CsvReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
            if (!reader.IsEmpty(i) && !string.IsNullOrWhiteSpace(reader.GetString(i))) return false;
        return true;
    }

    private static string? Cell(CsvReader reader, int index) =>
        index < reader.FieldCount && !reader.IsEmpty(index) ? Clean(reader.GetString(index)) : null;

    /// <summary>A header of cells (any count) mapped to the template's three columns, or the file refused.</summary>
    internal static int[] MapHeader(IReadOnlyList<string?> header)
    {
        var names = header.Select(h => (h ?? "").Trim().Replace(" ", "").ToLowerInvariant()).ToList();
        var columns = HeaderAliases.Select(aliases => names.FindIndex(n => aliases.Contains(n))).ToArray();
        if (columns.Any(c => c < 0)) throw Unreadable("表头应为：{0}", string.Join(",", Header));
        return columns;
    }

    /// <summary>A trimmed cell, null when blank, cut to <see cref="MaxCellLength"/> characters.</summary>
    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : Clip(value.Trim());

    private static string Clip(string value)
    {
        if (value.Length <= MaxCellLength) return value;
        var end = char.IsHighSurrogate(value[MaxCellLength - 1]) ? MaxCellLength - 1 : MaxCellLength;
        return value[..end];
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    internal static DomainException Unreadable(string key, params object?[] args) =>
        new(DomainErrorKind.Invalid, key, args) { Field = "file" };
}

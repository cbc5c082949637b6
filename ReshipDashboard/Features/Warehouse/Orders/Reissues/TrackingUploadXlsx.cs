using System.Globalization;
using System.IO.Compression;
using System.Xml;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>
/// The .xlsx side of the upload. Before MiniExcel reads anything, the zip is inspected: too many parts, too much
/// uncompressed data, a compression ratio no real sheet has, a declared or actual sheet size (rows, columns) out of
/// proportion to the 10,000-row template — each refuses the workbook with its reason. Then the first sheet is read
/// row by row (no merged-cell filling, no byte-array conversion), blank rows passed over, reading stopped at the cap.
/// </summary>
public static class TrackingUploadXlsx
{
    public const int MaxEntries = 64;
    public const long MaxUncompressedBytes = 16L * 1024 * 1024;

    /// <summary>The shared-string table MiniExcel holds in memory: 30,000 distinct cells take about 2 MiB.</summary>
    public const long MaxSharedStringsBytes = 8L * 1024 * 1024;

    /// <summary>Cells in a sheet: the template's three per row and a few notes beside them.</summary>
    public const int MaxCells = 6 * (TrackingUploadParser.MaxRows + 1);
    public const int MaxCompressionRatio = 200;

    /// <summary>The last sheet row read: the header, 10,000 rows and room for blank rows between them.</summary>
    public const int MaxSheetRow = 2 * TrackingUploadParser.MaxRows + 100;

    /// <summary>The last sheet column read (Z): the template has three, people add a few notes beside them.</summary>
    public const int MaxSheetColumn = 26;

    private static readonly OpenXmlConfiguration Options = new()
    {
        FillMergedCells = false,
        EnableConvertByteArray = false,
        IgnoreEmptyRows = false,
        EnableSharedStringCache = false,
    };

    public static List<UploadRow> Read(byte[] bytes)
    {
        Inspect(bytes);
        var rows = new List<UploadRow>();
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            string[]? columns = null;
            var sheetRow = 0;
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX, configuration: Options))
            {
                if (++sheetRow > MaxSheetRow) throw TrackingUploadParser.Unreadable("工作表超过 {0} 行", MaxSheetRow);
                if (columns is null)
                {
                    var cells = row.Take(MaxSheetColumn).ToList();
                    if (cells.All(c => IsBlank(c.Value))) continue;
                    var indexes = TrackingUploadParser.MapHeader(cells.Select(c => Text(c.Value)).ToList());
                    columns = indexes.Select(i => cells[i].Key).ToArray();
                    continue;
                }
                var reissue = Cell(row, columns[0]);
                var carrier = Cell(row, columns[1]);
                var tracking = Cell(row, columns[2]);
                if (reissue is null && carrier is null && tracking is null) continue;
                if (rows.Count == TrackingUploadParser.MaxRows) throw TrackingUploadParser.Unreadable("一次最多上传 {0} 行", TrackingUploadParser.MaxRows);
                rows.Add(new UploadRow(sheetRow, reissue, carrier, tracking));
            }
            if (columns is null) throw TrackingUploadParser.Unreadable("文件是空的");
        }
        catch (Exception e) when (e is not DomainException)
        {
            throw TrackingUploadParser.Unreadable("无法读取 Excel 文件");
        }
        return rows;
    }

    /// <summary>Refuses a workbook whose parts or sheets are out of proportion to an upload, without inflating more than one part at a time.</summary>
    public static void Inspect(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries) throw TrackingUploadParser.Unreadable("Excel 文件的结构异常：{0}", "entries");
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > MaxUncompressedBytes)
                    throw TrackingUploadParser.Unreadable("Excel 文件解压后过大（上限 {0} MB）", MaxUncompressedBytes / 1024 / 1024);
                if (entry.FullName.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase) && entry.Length > MaxSharedStringsBytes)
                    throw TrackingUploadParser.Unreadable("Excel 文件解压后过大（上限 {0} MB）", MaxSharedStringsBytes / 1024 / 1024);
                if (entry.Length > 1024 * 1024 && entry.Length > (long)MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                    throw TrackingUploadParser.Unreadable("Excel 文件的压缩比异常，可能是压缩炸弹");
            }
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)
                         && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
                InspectSheet(entry);
        }
        catch (InvalidDataException)
        {
            throw TrackingUploadParser.Unreadable("无法读取 Excel 文件");
        }
        catch (XmlException)
        {
            throw TrackingUploadParser.Unreadable("无法读取 Excel 文件");
        }
    }

    /// <summary>Streams one sheet's XML: its declared dimension and every row and cell reference must stay within bounds.</summary>
    private static void InspectSheet(ZipArchiveEntry entry)
    {
        using var stream = new CountingStream(entry.Open(), entry.Length);
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
        var cells = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            switch (xml.LocalName)
            {
                case "dimension":
                    var range = xml.GetAttribute("ref") ?? "";
                    var last = range.Contains(':') ? range[(range.IndexOf(':') + 1)..] : range;
                    CheckReference(last, declared: true);
                    break;
                case "row":
                    if (xml.GetAttribute("r") is { } r && (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxSheetRow))
                        throw TrackingUploadParser.Unreadable("工作表超过 {0} 行", MaxSheetRow);
                    break;
                case "c":
                    if (++cells > MaxCells) throw TrackingUploadParser.Unreadable("工作表的单元格超过 {0} 个", MaxCells);
                    if (xml.GetAttribute("r") is { } cell) CheckReference(cell, declared: false);
                    break;
            }
        }
    }

    private static void CheckReference(string reference, bool declared)
    {
        var letters = 0;
        var column = 0;
        while (letters < reference.Length && char.IsAsciiLetter(reference[letters]))
        {
            column = column * 26 + (char.ToUpperInvariant(reference[letters]) - 'A' + 1);
            if (column > MaxSheetColumn) break;
            letters++;
        }
        if (column > MaxSheetColumn)
            throw TrackingUploadParser.Unreadable(declared ? "Excel 文件声明的范围过大：{0}" : "工作表超过 {0} 列", declared ? Shorten(reference) : MaxSheetColumn);
        var digits = reference.AsSpan(letters);
        if (digits.Length > 0 && (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row > MaxSheetRow))
            throw TrackingUploadParser.Unreadable(declared ? "Excel 文件声明的范围过大：{0}" : "工作表超过 {0} 行", declared ? Shorten(reference) : MaxSheetRow);
    }

    private static string Shorten(string value) => value.Length > 20 ? value[..20] + "…" : value;

    private static string? Cell(IDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var value) ? TrackingUploadParser.Clean(Text(value)) : null;

    private static bool IsBlank(object? value) => string.IsNullOrWhiteSpace(Text(value));

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Stops inflating once a part yields more than it declared (a lying zip header).</summary>
    private sealed class CountingStream(Stream inner, long declared) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            if (_read > declared || _read > MaxUncompressedBytes) throw new InvalidDataException("The part is larger than it declares.");
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

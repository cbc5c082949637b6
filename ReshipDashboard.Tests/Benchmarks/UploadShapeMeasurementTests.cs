using System.Diagnostics;
using System.Globalization;
using System.Text;
using MiniExcelLibs;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using Xunit.Abstractions;

namespace ReshipDashboard.Tests.Benchmarks;

/// <summary>
/// Reads 5 MiB uploads of hostile shapes (blank lines, separators only, one endless quoted field, very long lines,
/// the row cap and beyond, a large sheet) and reports for each the time, the bytes allocated and the working-set
/// growth, to the test output and to benchmarks/upload-shapes.txt. Asserts only that each is read or refused as a
/// whole (a DomainException naming the file), never anything else.
/// </summary>
public sealed class UploadShapeMeasurementTests(ITestOutputHelper output)
{
    private const int FiveMiB = 5 * 1024 * 1024;

    private static byte[] Fill(string header, string unit)
    {
        var sb = new StringBuilder(header, FiveMiB + unit.Length);
        while (sb.Length + unit.Length <= FiveMiB) sb.Append(unit);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] ValidRows(int count, string pad)
    {
        var sb = new StringBuilder("补发单号,快递公司,物流单号\r\n");
        for (var i = 0; i < count; i++)
            sb.Append("BF261126").Append((i % 999_999 + 1).ToString("D6", CultureInfo.InvariantCulture)).Append(",中通快递,73")
                .Append((100_000_000_000L + i).ToString(CultureInfo.InvariantCulture)).Append(pad).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] LargeSheet(int extraColumns)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(Enumerable.Range(0, 10_000).Select(i =>
        {
            var row = new Dictionary<string, object>
            {
                ["补发单号"] = "BF261126" + (i + 1).ToString("D6", CultureInfo.InvariantCulture),
                ["快递公司"] = "中通快递",
                ["物流单号"] = "73" + (100_000_000_000L + i).ToString(CultureInfo.InvariantCulture),
            };
            for (var c = 0; c < extraColumns; c++) row["备注" + c.ToString(CultureInfo.InvariantCulture)] = "备注文字 " + (i * 31 + c).ToString(CultureInfo.InvariantCulture);
            return row;
        }));
        return stream.ToArray();
    }

    public static TheoryData<string> Shapes => ["blank lines", "separators only", "endless quoted field", "long lines", "10,000 rows padded to 5 MiB", "30,000 rows", "xlsx of 10,000 rows", "xlsx of 10,000 rows × 6 columns", "xlsx of 10,000 rows × 26 columns"];

    private static byte[] Make(string shape) => shape switch
    {
        "blank lines" => Fill("补发单号,快递公司,物流单号\r\n", "\r\n"),
        "separators only" => Fill("补发单号,快递公司,物流单号\r\n", ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n"),
        "endless quoted field" => Fill("补发单号,快递公司,物流单号\r\n\"", "x"),
        "long lines" => Fill("补发单号,快递公司,物流单号\r\n", new string('9', 8000) + ",SF," + new string('1', 8000) + "\r\n"),
        "10,000 rows padded to 5 MiB" => ValidRows(10_000, "," + new string(' ', 480)),
        "30,000 rows" => ValidRows(30_000, ""),
        "xlsx of 10,000 rows" => LargeSheet(0),
        "xlsx of 10,000 rows × 6 columns" => LargeSheet(3),
        "xlsx of 10,000 rows × 26 columns" => LargeSheet(23),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FiveMiBUpload_IsReadOrRefusedAsAWhole_AndItsCostIsReported(string shape)
    {
        var bytes = Make(shape);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        string outcome;
        try
        {
            outcome = $"{TrackingUploadParser.Parse(bytes).Count} rows";
        }
        catch (DomainException e)
        {
            Assert.Equal("file", e.Field);
            outcome = "refused: " + string.Format(CultureInfo.InvariantCulture, e.MessageKey, e.Arguments);
        }
        clock.Stop();
        var allocatedMb = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / 1024.0;
        var growthMb = (Process.GetCurrentProcess().WorkingSet64 - workingSet) / 1024.0 / 1024.0;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{shape} ({bytes.Length / 1024.0 / 1024.0:F1} MiB): {clock.Elapsed.TotalMilliseconds:F0} ms, allocated {allocatedMb:F1} MB, working set growth {growthMb:F1} MB — {outcome}");
        output.WriteLine(line);
        var folder = Path.Combine(AppContext.BaseDirectory, "benchmarks");
        Directory.CreateDirectory(folder);
        lock (typeof(UploadShapeMeasurementTests)) File.AppendAllText(Path.Combine(folder, "upload-shapes.txt"), line + Environment.NewLine);
    }
}

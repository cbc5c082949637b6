using System.Text;
using MiniExcelLibs;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

public sealed class TrackingUploadParserTests
{
    private const string Csv = "补发单号,快递公司,物流单号\r\nBF261126000001,中通快递,73123456789012\r\n\r\n\"12\",SF,\"SF1 2345 6789 0123\"\r\n";

    private static void AssertRows(List<UploadRow> rows)
    {
        Assert.Equal(2, rows.Count);
        Assert.Equal(new UploadRow(2, "BF261126000001", "中通快递", "73123456789012"), rows[0]);
        Assert.Equal(new UploadRow(4, "12", "SF", "SF1 2345 6789 0123"), rows[1]);
    }

    [Fact]
    public void Parse_Utf8WithoutBom_ReadsRowsWithTheirLineNumbers() =>
        AssertRows(TrackingUploadParser.Parse(new UTF8Encoding(false).GetBytes(Csv)));

    [Fact]
    public void Parse_Utf8WithBom_ReadsTheHeader() =>
        AssertRows(TrackingUploadParser.Parse([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv)]));

    [Fact]
    public void Parse_GbkBytesAsChineseExcelSavesThem_AreDetected() =>
        AssertRows(TrackingUploadParser.Parse(TrackingUploadParser.Gbk.GetBytes(Csv)));

    [Fact]
    public void Parse_GbkBytesWithTheirCharsetNamed_AreRead() =>
        AssertRows(TrackingUploadParser.Parse(TrackingUploadParser.Gbk.GetBytes(Csv), "GBK"));

    [Fact]
    public void Parse_Xlsx_ReadsTheSheetRows()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[]
        {
            new Dictionary<string, object> { ["补发单号"] = "BF261126000001", ["快递公司"] = "中通快递", ["物流单号"] = "73123456789012" },
            new Dictionary<string, object> { ["补发单号"] = "12", ["快递公司"] = "SF", ["物流单号"] = "SF1 2345 6789 0123" },
        });
        var rows = TrackingUploadParser.Parse(stream.ToArray());
        Assert.Equal(new UploadRow(2, "BF261126000001", "中通快递", "73123456789012"), rows[0]);
        Assert.Equal(new UploadRow(3, "12", "SF", "SF1 2345 6789 0123"), rows[1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("订单号,金额\n1,2\n")]
    [InlineData("补发单号,快递公司,物流单号\n\"BF1,SF,1\n")]
    public void Parse_SomethingThatIsNotTheTemplate_IsRefusedAsAWhole(string text)
    {
        var e = Assert.Throws<DomainException>(() => TrackingUploadParser.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(DomainErrorKind.Invalid, e.Kind);
    }

    [Fact]
    public void Parse_BrokenXlsx_IsRefused()
    {
        byte[] bytes = [(byte)'P', (byte)'K', 3, 4, 1, 2, 3];
        Assert.Throws<DomainException>(() => TrackingUploadParser.Parse(bytes));
    }

    [Fact]
    public void Parse_MoreThanTenThousandRows_IsRefused()
    {
        var sb = new StringBuilder("补发单号,快递公司,物流单号\n");
        for (var i = 0; i < 10_001; i++) sb.Append(i + 1).Append(",SF,SF1").Append(i.ToString("D12")).Append('\n');
        Assert.Throws<DomainException>(() => TrackingUploadParser.Parse(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}

using System.Text;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

public sealed class TrackingUploadFilesTests : MudTestContext
{
    [Fact]
    public void Templates_AreTheUploadHeaderWithABomForExcel_AndReadBackAsEmpty()
    {
        var csv = TrackingUploadFiles.TemplateCsv();
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.Equal("补发单号,快递公司,物流单号\r\n", Encoding.UTF8.GetString(csv[3..]));
        Assert.Empty(TrackingUploadParser.Parse(csv));
        Assert.Empty(TrackingUploadParser.Parse(TrackingUploadFiles.TemplateXlsx()));
    }

    [Fact]
    public void RejectedRows_CarryTheirLineAndReason_AndCanBeUploadedAgain()
    {
        var localizer = Services.GetService(typeof(Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>)) as Microsoft.Extensions.Localization.IStringLocalizer
            ?? throw new InvalidOperationException();
        var row = new UploadRow(7, "BF261126000001", "ZTO", "=1+1,x");
        var report = new UploadReport([new UploadRowVerdict(row, UploadVerdict.BadFormat, null, null, "ZTO", "=1+1,x", "物流单号不符合{0}的格式", ["中通快递"])], false);

        var bytes = TrackingUploadFiles.RejectedCsv(report, localizer);

        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains("BF261126000001,ZTO,\"'=1+1,x\",7,物流单号不符合中通快递的格式", text);
        var again = TrackingUploadParser.Parse(bytes);
        Assert.Equal("BF261126000001", Assert.Single(again).Reissue);
    }
}

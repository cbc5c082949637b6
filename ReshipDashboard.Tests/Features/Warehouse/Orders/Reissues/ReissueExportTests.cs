using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.Api;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Warehouse.Orders.Reissues;

public sealed class ReissueExportTests(ReissuesApiApp fixture) : IClassFixture<ReissuesApiApp>
{
    private readonly ReissueFixtures _data = new(fixture.App.Db, fixture.App.Services.GetRequiredService<ReissuePipeline>(), fixture.App.Clock);

    [Fact]
    public async Task Csv_IsUtf8WithABom_AndHoldsTheFilteredRows()
    {
        var (orderNo, first, second) = await _data.OrderWithSecondReissueAsync();

        var response = await fixture.App.CreateClient().GetAsync($"/warehouse/orders/reissues/export?format=csv&orderNo={orderNo}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("补发单号,订单号,补发次数", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(orderNo, l));
        Assert.Contains(lines, l => l.Contains("待手工发货"));
    }

    [Fact]
    public async Task Template_HasTheUploadHeader_AndOnlyTheReissuesWaitingForStaff()
    {
        var (orderNo, _, second) = await _data.OrderWithSecondReissueAsync();
        var reissueNo = (await _data.LoadAsync(second)).ReissueNo;

        var response = await fixture.App.CreateClient().GetAsync($"/warehouse/orders/reissues/export?format=template&orderNo={orderNo}");

        var text = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("补发单号,快递公司,物流单号", lines[0]);
        Assert.Equal([$"{reissueNo},,"], lines[1..]);
    }

    [Fact]
    public async Task Xlsx_OpensWithTheSameColumns()
    {
        var (orderNo, _, _) = await _data.OrderWithSecondReissueAsync();

        var response = await fixture.App.CreateClient().GetAsync($"/warehouse/orders/reissues/export?format=xlsx&orderNo={orderNo}");

        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(orderNo, r["订单号"]));
    }
}

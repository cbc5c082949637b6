using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using ReshipDashboard.Features.Accounts;
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

        var response = await (await fixture.App.CreateClientAsAsync(Roles.Warehouse)).GetAsync($"/warehouse/orders/reissues/export?format=csv&orderNo={orderNo}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("补发单号,订单号,补发次数", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(orderNo, l));
        Assert.Contains(lines, l => l.Contains("待手工发货"));
    }

    [Theory]
    [InlineData(Roles.Warehouse, "13800001234")]
    [InlineData(Roles.Support, "138****1234")]
    public async Task Csv_SaysWhatToPackAndWhere_OneLinePerReissue_WithTheFullPhoneOnlyForRolesThatShip(string role, string phone)
    {
        var (orderNo, _, second) = await _data.OrderWithSecondReissueAsync();
        var reissueNo = (await _data.LoadAsync(second)).ReissueNo;

        var response = await (await fixture.App.CreateClientAsAsync(role)).GetAsync($"/warehouse/orders/reissues/export?format=csv&orderNo={orderNo}");

        var lines = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("商品,收件人,联系电话,收货地址,备注,打印时间", lines[0]);
        var line = Assert.Single(lines, l => l.StartsWith(reissueNo, StringComparison.Ordinal));
        Assert.Contains("SKU-1 保温杯 ×1", line);
        Assert.Contains($"张三,{phone},浙江省杭州市西湖区文三路 1 号", line);
    }

    [Fact]
    public async Task Template_HasTheUploadHeader_AndOnlyTheReissuesWaitingForStaff()
    {
        var (orderNo, _, second) = await _data.OrderWithSecondReissueAsync();
        var reissueNo = (await _data.LoadAsync(second)).ReissueNo;

        var response = await (await fixture.App.CreateClientAsAsync(Roles.Warehouse)).GetAsync($"/warehouse/orders/reissues/export?format=template&orderNo={orderNo}");

        var text = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("补发单号,快递公司,物流单号", lines[0]);
        Assert.Equal([$"{reissueNo},,"], lines[1..]);
    }

    [Fact]
    public async Task Xlsx_OpensWithTheSameColumns()
    {
        var (orderNo, _, _) = await _data.OrderWithSecondReissueAsync();

        var response = await (await fixture.App.CreateClientAsAsync(Roles.Warehouse)).GetAsync($"/warehouse/orders/reissues/export?format=xlsx&orderNo={orderNo}");

        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(orderNo, r["订单号"]));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    [InlineData("template")]
    public async Task Exports_ForSupport_AreReadOnlyDownloads_WithNoBuyerPhone(string format)
    {
        var (orderNo, _, _) = await _data.OrderWithSecondReissueAsync();
        await using var db = await fixture.App.Db.CreateDbContextAsync();
        var order = await db.Orders.Include(o => o.Buyer).SingleAsync(o => o.OrderNo == orderNo);

        var response = await (await fixture.App.CreateClientAsAsync(Roles.Support)).GetAsync($"/warehouse/orders/reissues/export?format={format}&orderNo={orderNo}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var cells = format == "xlsx"
            ? new MemoryStream(bytes).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().SelectMany(r => r.Values).Select(v => v?.ToString() ?? "")
            : [Encoding.UTF8.GetString(bytes)];
        Assert.All(cells, c =>
        {
            Assert.DoesNotContain(order.Buyer.Phone, c);
            Assert.DoesNotContain(order.Address.Phone, c);
        });
    }

    [Fact]
    public async Task Export_WithoutSignIn_GoesToTheSignInPage()
    {
        using var anonymous = await fixture.App.CreateClientAsAsync(null);

        var response = await anonymous.GetAsync("/warehouse/orders/reissues/export?format=csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location?.OriginalString);
    }
}

using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Api;

/// <summary>Each input that once answered 500 (or was stored when it should not have been) now answers 400 naming the field.</summary>
public sealed class HostileInputTests : ApiTestBase
{
    private static ByteArrayContent Json(string json, string contentType = "application/json") =>
        new(Encoding.UTF8.GetBytes(json)) { Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType) } };

    [Fact]
    public async Task XlsxDeclaringTheWholeSheet_IsRefusedAt_Once()
    {
        using var template = new MemoryStream();
        template.SaveAs(new[] { new Dictionary<string, object> { ["补发单号"] = "BF261126000001", ["快递公司"] = "SF", ["物流单号"] = "SF1100000000001" } });
        var bomb = ReplaceSheet(template.ToArray(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
            "<dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"1048576\"><c r=\"A1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>");

        using var response = await Client.PostAsync("/api/v1/reissues/tracking-uploads",
            new ByteArrayContent(bomb) { Headers = { ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task XlsxWithACellFarOutsideTheTemplate_IsRefused()
    {
        using var template = new MemoryStream();
        template.SaveAs(new[] { new Dictionary<string, object> { ["补发单号"] = "BF261126000001", ["快递公司"] = "SF", ["物流单号"] = "SF1100000000001" } });
        var wide = ReplaceSheet(template.ToArray(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
            "<sheetData><row r=\"1\"><c r=\"XFD1\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>");

        using var response = await Client.PostAsync("/api/v1/reissues/tracking-uploads",
            new ByteArrayContent(wide) { Headers = { ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task ReissueWithANullItem_Is400NamingTheItem()
    {
        var (orderNo, _) = await CreateShippedOrderAsync();
        using var response = await Client.PostAsync("/api/v1/reissues", Json($"{{\"orderNo\":\"{orderNo}\",\"scenario\":\"intercepted\",\"items\":[null]}}"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "items[0]");
    }

    [Fact]
    public async Task ReissueWithTwoLinesOfTheLargestQuantity_Is400NotAnOverflow()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted");
        using var response = await Client.PostAsync("/api/v1/reissues", Json(
            $"{{\"orderNo\":\"{orderNo}\",\"scenario\":\"intercepted\",\"items\":[{{\"sku\":\"SKU-A\",\"quantity\":2147483647}},{{\"sku\":\"SKU-A\",\"quantity\":2147483647}}]}}"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "items");
    }

    [Fact]
    public async Task CultureSwitch_WithAControlCharacterInTheTarget_GoesHome()
    {
        using var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/culture/set?culture=en&redirectUri=/%09x");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ReissueExport_ToTheLastDate_IsAnExportNotAnError()
    {
        using var client = await App.CreateClientAsAsync(Roles.Warehouse);
        using var response = await client.GetAsync("/warehouse/orders/reissues/export?format=csv&from=0001-01-01&to=9999-12-31");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task JsonUpload_WithALoneSurrogate_Is400()
    {
        using var response = await Client.PostAsync("/api/v1/reissues/tracking-uploads", Json("{\"rows\":[{\"reissueId\":\"\\udc00\",\"carrier\":\"SF\",\"trackingNo\":\"SF1100000000001\"}]}"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "rows");
    }

    [Fact]
    public async Task Order_WithAFiveThousandCharacterProvince_Is400AndNotStored()
    {
        using var response = await Client.PostAsync("/api/v1/orders", Json(
            "{\"orderNo\":\"261126-123456789012345\",\"buyer\":{\"name\":\"张三\",\"phone\":\"13812345678\"}," +
            $"\"address\":{{\"name\":\"张三\",\"phone\":\"13812345678\",\"province\":\"{new string('省', 5000)}\",\"city\":\"杭州市\",\"district\":\"西湖区\",\"detail\":\"x\"}}," +
            "\"items\":[{\"sku\":\"SKU-A\",\"quantity\":1,\"unitPrice\":1990}]}"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "address.province");
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.False(await db.Orders.AnyAsync(o => o.OrderNo == "261126-123456789012345"));
    }

    [Fact]
    public async Task OrderNumber_InArabicIndicDigits_Is400AndNothingIsSaved()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/orders", OrderBody("٢٦١١٣٠-123456789019999"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "orderNo");
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.Equal(0, await db.Orders.CountAsync());
    }

    [Fact]
    public async Task TrackingNumber_InArabicIndicDigits_IsNotASecondCopyOfTheAsciiNumber()
    {
        var first = await CreateOrderAsync();
        var second = await CreateOrderAsync();
        using var ascii = await Client.PostAsJsonAsync($"/api/v1/orders/{first}/shipments", new { carrier = "ZTO", trackingNo = "73123456789012" });
        Assert.Equal(HttpStatusCode.Created, ascii.StatusCode);
        using var arabic = await Client.PostAsJsonAsync($"/api/v1/orders/{second}/shipments", new { carrier = "ZTO", trackingNo = "٧٣١٢٣٤٥٦٧٨٩٠١٢" });
        await AssertProblemAsync(arabic, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=utf-7")]
    public async Task CreatingPost_WithAnUnknownCharset_Is400(string contentType)
    {
        using var response = await Client.PostAsync("/api/v1/orders", Json("{}", contentType));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Content-Type");
        using var upload = await Client.PostAsync("/api/v1/reissues/tracking-uploads",
            new ByteArrayContent("补发单号,快递公司,物流单号\r\n"u8.ToArray()) { Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("text/csv; charset=bogus") } });
        await AssertProblemAsync(upload, HttpStatusCode.BadRequest, "file");
    }

    [Theory]
    [InlineData("1-32")]
    [InlineData("-284")]
    public async Task UploadRow_WithAMalformedReissueId_LandsOnNoReissue(string reference)
    {
        using var response = await Client.PostAsync("/api/v1/reissues/tracking-uploads", Json(
            $"{{\"rows\":[{{\"reissueId\":\"{reference}\",\"carrier\":\"SF\",\"trackingNo\":\"SF1100000000001\"}}]}}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadAsync(response);
        Assert.Equal(0, body["applied"]!.GetValue<int>());
        Assert.Single(body["rejected"]!.AsArray());
        using var number = await Client.PostAsync("/api/v1/reissues/tracking-uploads", Json(
            "{\"rows\":[{\"reissueId\":-284,\"carrier\":\"SF\",\"trackingNo\":\"SF1100000000001\"}]}"));
        Assert.Equal(0, (await ReadAsync(number))["applied"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/api/v1/orders", "{\"buyer\":{\"name\":\"张三\",\"phone\":13800138000}}", "buyer.phone")]
    [InlineData("/api/v1/orders", "{\"items\":[{\"sku\":\"SKU-A\",\"quantity\":1.5,\"unitPrice\":1}]}", "items[0].quantity")]
    [InlineData("/api/v1/orders", "{\"items\":[{\"sku\":\"SKU-A\",\"quantity\":\"1\",\"unitPrice\":1}]}", "items[0].quantity")]
    [InlineData("/api/v1/merchant/reship-requests/1/reject", "{\"reasonCode\":1,\"note\":\"x\"}", "reasonCode")]
    [InlineData("/api/v1/after-sales", "{\"orderNo\":\"\\udc00\",\"type\":\"refund_only\",\"reason\":\"x\"}", "orderNo")]
    [InlineData("/api/v1/after-sales", "{\"orderNo\":\"a\\u0001b\",\"type\":\"refund_only\",\"reason\":\"x\"}", "orderNo")]
    public async Task WrongJsonType_Is400NamingTheField(string path, string json, string field)
    {
        using var response = await Client.PostAsync(path, Json(json));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task AddressDetail_IsCountedInCharactersNotUtf16Units()
    {
        // 150 characters outside the BMP are 300 UTF-16 units, within the 200-character limit.
        var detail = string.Concat(Enumerable.Repeat("𠀀", 150));
        using var order = await Client.PostAsync("/api/v1/orders", Json(
            "{\"buyer\":{\"name\":\"张三\",\"phone\":\"13812345678\"}," +
            $"\"address\":{{\"name\":\"张三\",\"phone\":\"13812345678\",\"province\":\"浙江省\",\"city\":\"杭州市\",\"district\":\"西湖区\",\"detail\":\"{detail}\"}}," +
            "\"items\":[{\"sku\":\"SKU-A\",\"quantity\":1,\"unitPrice\":1990}]}"));
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
    }

    private static byte[] ReplaceSheet(byte[] xlsx, string sheetXml)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var sheet = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal));
            var name = sheet.FullName;
            sheet.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(sheetXml);
        }
        return stream.ToArray();
    }
}

using System.Net;
using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace ReshipDashboard.Tests.Features.Api;

/// <summary>
/// Property: whatever a client sends — nulls, wrong JSON types, overflows, lone surrogates, control characters,
/// unknown charsets, non-ASCII digits, malformed ids, out-of-range dates, over-long strings, unknown enum words —
/// no endpoint of the contract answers 5xx. Bodies and query strings are generated from the contract's shapes.
/// </summary>
public sealed class HostileInputPropertyTests(ITestOutputHelper output) : ApiTestBase
{
    /// <summary>A value for any JSON field: valid-looking, of the wrong type, or hostile.</summary>
    private static readonly Gen<string> JsonValue = Gen.OneOf(
        Gen.Const("null"), Gen.Const("true"), Gen.Const("[]"), Gen.Const("{}"), Gen.Const("[null]"), Gen.Const("[{}]"),
        Gen.Const("1.5"), Gen.Const("-1"), Gen.Const("0"), Gen.Const("2147483647"), Gen.Const("2147483648"),
        Gen.Const("9223372036854775808"), Gen.Const("1e400"), Gen.Const("-0"),
        Gen.Const("\"\""), Gen.Const("\" \""), Gen.Const("\"1\""), Gen.Const("\"\\udc00\""), Gen.Const("\"\\ud800x\""),
        Gen.Const("\"a\\u0000b\""), Gen.Const("\"\\u0007\""), Gen.Const("\"" + new string('长', 5000) + "\""),
        Gen.Const("\"٢٦١١٣٠-123456789019999\""), Gen.Const("\"7312345678901٢\""), Gen.Const("\"1-32\""), Gen.Const("\"-284\""),
        Gen.Const("\"9999-12-31T00:00:00+08:00\""), Gen.Const("\"0001-01-01T00:00:00Z\""), Gen.Const("\"2026-13-45\""),
        Gen.Const("\"not_a_word\""), Gen.Const("\"SF\""), Gen.Const("\"SKU-A\""), Gen.Const("\"{order}\""), Gen.Const("\"13812345678\""),
        Gen.Const("\"intercepted\""), Gen.Const("\"buyer\""), Gen.Const("\"other\""), Gen.Const("\"delivered\""),
        Gen.Const("\"SF1100000000001\""), Gen.Const("\"BF261126000001\""), Gen.Const("\"𠀀𠀀𠀀\""),
        Gen.Const("[{\"sku\":\"SKU-A\",\"quantity\":2147483647},{\"sku\":\"SKU-A\",\"quantity\":2147483647}]"),
        Gen.Const("{\"name\":\"张三\",\"phone\":\"13812345678\",\"province\":\"" + new string('省', 5000) + "\",\"city\":\"c\",\"district\":\"d\",\"detail\":\"x\"}"));

    /// <summary>The field names of every body in the contract (and a stranger).</summary>
    private static readonly string[] Fields =
    [
        "orderNo", "buyer", "address", "items", "paidAt", "carrier", "trackingNo", "event", "at", "type", "reason", "description",
        "note", "outcome", "reasonCode", "scenario", "remark", "name", "unitPrice", "rows", "sku", "quantity", "phone", "extra",
    ];

    private static readonly Gen<string> JsonObject =
        Gen.Int[0, 6].SelectMany(count => Gen.Select(Gen.OneOf(Fields), JsonValue).Array[count])
            .Select(pairs => "{" + string.Join(",", pairs.Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}");

    private static readonly Gen<string> Body = Gen.Frequency(
        (6, JsonObject),
        (1, JsonValue),
        (1, Gen.OneOf("", "{", "{\"orderNo\":", "\"\\udc00\"", "<xml/>", "{\"rows\":[{\"reissueId\":\"\\udc00\"}]}",
            "{\"rows\":[{\"reissueId\":-284,\"carrier\":\"SF\",\"trackingNo\":\"SF1100000000001\"}]}",
            "补发单号,快递公司,物流单号\r\n1-32,SF,SF1100000000001\r\n", "\r\n\r\n,,,\r\n")));

    private static readonly Gen<string> PathValue = Gen.OneOf(
        "1", "0", "-1", "1-32", "2147483648", "99999999999999999999", "abc", "%09", "%E2%80%8B", "%D9%A2%D9%A6",
        "%ED%B0%80", "261126-000000000000001", "SKU-A", new string('9', 300));

    private static readonly Gen<string> QueryValue = Gen.OneOf(
        "", "0", "101", "-1", "abc", "9999-12-31", "0001-01-01", "9999-12-31T23:59:59+14:00", "%00", "%ED%B0%80", "%D9%A2",
        "shipped", "not_a_word", "AAAA", "MTIz", "%FF%FE", new string('x', 3000));

    private static readonly string[] QueryNames = ["limit", "cursor", "status", "orderNo", "updatedSince", "shipmentStatus", "from", "to", "format"];

    private static readonly Gen<string> Query =
        Gen.Int[0, 4].SelectMany(count => Gen.Select(Gen.OneOf(QueryNames), QueryValue).Array[count])
            .Select(pairs => pairs.Length == 0 ? "" : "?" + string.Join("&", pairs.Select(p => $"{p.Item1}={p.Item2}")));

    private static readonly (string Method, string Path)[] Endpoints =
    [
        ("POST", "/api/v1/orders"), ("GET", "/api/v1/orders/{x}"), ("GET", "/api/v1/orders"), ("POST", "/api/v1/orders/{x}/shipments"),
        ("POST", "/api/v1/shipments/events"),
        ("POST", "/api/v1/after-sales"), ("POST", "/api/v1/after-sales/{x}/withdraw"), ("GET", "/api/v1/after-sales"), ("GET", "/api/v1/after-sales/{x}"),
        ("POST", "/api/v1/reship-requests"), ("GET", "/api/v1/reship-requests"), ("GET", "/api/v1/reship-requests/{x}"),
        ("PUT", "/api/v1/reship-requests/{x}"), ("POST", "/api/v1/reship-requests/{x}/withdraw"), ("POST", "/api/v1/reship-requests/{x}/escalate"),
        ("POST", "/api/v1/reship-requests/{x}/confirm-receipt"), ("POST", "/api/v1/platform/reship-requests/{x}/decision"),
        ("POST", "/api/v1/merchant/reship-requests/{x}/approve"), ("POST", "/api/v1/merchant/reship-requests/{x}/reject"),
        ("POST", "/api/v1/reissues"), ("PUT", "/api/v1/reissues/{x}/tracking"), ("POST", "/api/v1/reissues/tracking-uploads"),
        ("POST", "/api/v1/reissues/{x}/cancel"), ("GET", "/api/v1/reissues/{x}"), ("GET", "/api/v1/reissues"),
        ("GET", "/api/v1/events"), ("GET", "/api/v1/products"), ("PUT", "/api/v1/products/{x}"), ("GET", "/healthz"),
    ];

    private static readonly Gen<string?> ContentType = Gen.Frequency(
        (8, Gen.Const<string?>("application/json")),
        (1, Gen.OneOf<string?>("application/json; charset=bogus", "application/json; charset=utf-7", "application/json; charset=utf-16",
            "text/csv; charset=bogus", "text/csv; charset=gbk", "text/plain", "application/json; charset=\"\"", null)));

    private sealed record Call(string Method, string Path, string Body, string? ContentType, bool Idempotent)
    {
        public override string ToString() => $"{Method} {Path} [{ContentType}] {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
    }

    private static readonly Gen<Call> Calls =
        Gen.Select(Gen.OneOf(Endpoints), PathValue, Query, Body, ContentType, Gen.Bool)
            .Select((endpoint, id, query, body, type, idempotent) =>
                new Call(endpoint.Method, endpoint.Path.Replace("{x}", id) + query, endpoint.Method == "GET" ? "" : body, type, idempotent));

    [Fact]
    public async Task NoEndpoint_AnswersAServerError_ToAnythingAClientCanSend()
    {
        var order = await CreateShippedOrderAsync();
        var seen = new List<int>();
        await Check.SampleAsync(Calls, async call =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path);
            if (call.Method != "GET")
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(call.Body.Replace("{order}", order.OrderNo)));
                if (call.ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", call.ContentType);
                request.Content = content;
            }
            if (call.Idempotent) request.Headers.TryAddWithoutValidation("Idempotency-Key", "k-" + (call.Body.GetHashCode() & 7));
            using var response = await Client.SendAsync(request);
            lock (seen) seen.Add((int)response.StatusCode);
            if ((int)response.StatusCode >= 500)
                Assert.Fail($"{(int)response.StatusCode} for {call}: {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) await Task.Yield();
        }, iter: 600, threads: 1, print: c => c.ToString());
        output.WriteLine(string.Join(", ", seen.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        Assert.Contains(seen, s => s == 400);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features.Api;

/// <summary>POST /reissues (创建补发单) and POST /reissues/tracking-uploads (批量上传物流单号), for ERPs.</summary>
public static class ReissueCreationApi
{
    public sealed record ItemBody(string? Sku, int Quantity);

    public sealed record AddressBody(string? Name, string? Phone, string? Province, string? City, string? District, string? Detail);

    public sealed record CreateReissueBody(string? OrderNo, string? Scenario, List<ItemBody?>? Items, AddressBody? Address, string? Carrier, string? Remark);

    /// <summary>The reissue resource, field for field as GET /api/v1/reissues/{id} answers it.</summary>
    public sealed record RejectedRow(int Row, int? ReissueId, string Reason);

    public sealed record UploadResponse(int Applied, int Unchanged, IReadOnlyList<RejectedRow> Rejected);

    public static RouteGroupBuilder MapReissueCreationApi(this RouteGroupBuilder api)
    {
        api.MapPost("/reissues", CreateAsync)
            .RequireAuthorization(ApiScopes.Erp)
            .WithIdempotency<ReissueOrder>((_, r) => $"/api/v1/reissues/{r.Id}");
        api.MapPost("/reissues/tracking-uploads", UploadAsync)
            .RequireAuthorization(ApiScopes.Erp);
        return api;
    }

    private static async Task<IResult> CreateAsync(CreateReissueBody? body, System.Security.Claims.ClaimsPrincipal user, CreateReissueService service,
        ReissueService reissues, ShopClock clock, ApiProblemWriter problems, CancellationToken cancellationToken)
    {
        if (body is null) return problems.Validation("body", "请求无法解析");
        ReissueScenario scenario;
        switch (body.Scenario)
        {
            case "intercepted": scenario = ReissueScenario.Intercepted; break;
            case "damaged_returned": scenario = ReissueScenario.DamagedReturned; break;
            default: return problems.Validation("scenario", "未知的补发情形：{0}", body.Scenario is { Length: > 40 } word ? word[..40] : body.Scenario ?? "");
        }
        var address = body.Address is { } a
            ? new Address(a.Name?.Trim() ?? "", a.Phone?.Trim() ?? "", a.Province?.Trim() ?? "", a.City?.Trim() ?? "", a.District?.Trim() ?? "", a.Detail?.Trim() ?? "")
            : null;
        if (body.Items is { Count: > OrderItem.MaxLines }) return problems.Validation("items", "最多 {0} 行商品", OrderItem.MaxLines);
        if (body.Items?.FindIndex(i => i is null) is >= 0 and var blank) return problems.Validation($"items[{blank}]", "请填写商品行");
        var items = body.Items?.Select(i => new ItemQuantity(i!.Sku ?? "", i.Quantity)).ToList();
        var created = await service.CreateAsync(new CreateReissueInput(body.OrderNo, scenario, items, address, body.Carrier, body.Remark), cancellationToken);
        // The whole resource, exactly as GET /reissues/{id} answers it.
        var row = await reissues.GetRowAsync(created.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Reissue {created.Id} vanished after creation");
        return Results.Created($"/api/v1/reissues/{created.Id}", ReissuesApi.ToResource(row, clock, ReissuesApi.Ships(user)));
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, TrackingUploadService service, ApiProblemWriter problems,
        IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType);
        var mediaType = contentType?.MediaType.Value ?? "";

        List<UploadRow> rows;
        if (mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            if (ReadJsonRows(bytes) is not { } jsonRows) return problems.Validation("rows", "请求体不是可读的表格：需要 rows 数组，每行含 reissueId、carrier、trackingNo");
            rows = jsonRows;
        }
        else
        {
            rows = TrackingUploadParser.Parse(bytes, contentType?.Charset.Value);
        }
        if (rows.Count > TrackingUploadParser.MaxRows) return problems.Validation("rows", "一次最多上传 {0} 行", TrackingUploadParser.MaxRows);

        var report = await service.ApplyAsync(rows, cancellationToken: cancellationToken);
        return Results.Ok(new UploadResponse(report.OkCount, report.UnchangedCount,
            report.Rejected.Select(r => new RejectedRow(r.Source.Row, r.ReissueId, r.Reason(localizer) ?? "")).ToList()));
    }

    /// <summary>The JSON rows, or null when the body is not `{rows:[{reissueId, carrier, trackingNo}]}` of clean text within the cap.</summary>
    private static List<UploadRow>? ReadJsonRows(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("rows", out var array)
                || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > TrackingUploadParser.MaxRows)
                return null;
            var rows = new List<UploadRow>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                index++;
                if (item.ValueKind != JsonValueKind.Object) return null;
                rows.Add(new UploadRow(index, Text(item, "reissueId"), Text(item, "carrier"), Text(item, "trackingNo")));
            }
            return rows;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // InvalidOperationException: a string that is no valid UTF-16 once unescaped ("\udc00").
            return null;
        }
    }

    private static string? Text(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value)) return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
        if (TextInput.HasLoneSurrogate(text) || TextInput.HasControlCharacter(text)) throw new FormatException("Not clean text");
        return TrackingUploadParser.Clean(text);
    }
}

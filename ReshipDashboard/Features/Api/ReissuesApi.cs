using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// `/api/v1/reissues` (ERP): create a reissue (创建补发单), read one or the list of changed ones, enter or correct its
/// tracking number, upload numbers in bulk (批量上传物流单号), cancel it.
/// </summary>
public static class ReissuesApi
{
    public static RouteGroupBuilder MapReissuesApi(this RouteGroupBuilder api)
    {
        var reissues = api.MapGroup("/reissues").RequireAuthorization(ApiScopes.Erp);
        reissues.MapPost("", CreateReissueAsync).WithIdempotency<ReissueOrder>((_, r) => $"/api/v1/reissues/{r.Id}");
        reissues.MapGet("/{id:int}", GetReissueAsync);
        reissues.MapGet("/", ListReissuesAsync);
        reissues.MapPut("/{id:int}/tracking", SetTrackingAsync);
        reissues.MapPost("/tracking-uploads", UploadTrackingAsync);
        reissues.MapPost("/{id:int}/cancel", CancelReissueAsync);
        return api;
    }

    public sealed record CreateReissueRequest(string? OrderNo, string? Scenario, List<ItemQuantityRequest?>? Items, AddressRequest? Address,
        string? Carrier, string? Remark);

    public sealed record TrackingRequest(string? Carrier, string? TrackingNo, string? Reason);

    public sealed record CancelReissueRequest(string? Reason);

    /// <summary>
    /// A reissue as the API shows it — with what to pack and where to send it; every action on a reissue answers
    /// with this. The address phone is in full only for callers with the `erp` scope (they ship).
    /// </summary>
    public sealed record ReissueResource(
        int Id, string ReissueNo, string OrderNo, int Sequence, string Source, string Scenario, string Status,
        string? Carrier, string? TrackingNo, int? ReshipRequestId, bool ReplacedParcelDelivered, string? PreferredCarrier,
        DateTimeOffset CreatedAt, DateTimeOffset ShipBy, DateTimeOffset? ShippedAt, DateTimeOffset UpdatedAt, string? WaybillError,
        IReadOnlyList<ItemResource> Items, AddressResource? Address, string? Remark, DateTimeOffset? PrintedAt,
        DateTimeOffset? WaybillRetryAt)
    {
        public static ReissueResource From(ReissueRow r, ShopClock clock, bool fullPhone) => new(
            r.Id, r.ReissueNo, r.OrderNo, r.Sequence, ApiWords.Of(r.Source), ApiWords.Of(r.Scenario), ApiWords.Of(r.Status),
            r.Carrier, r.TrackingNo, r.ReshipRequestId, r.ReplacedParcelDelivered, r.PreferredCarrier,
            clock.ToShop(r.CreatedAtUtc), clock.ToShop(r.ShipByUtc), clock.ToShop(r.ShippedAtUtc), clock.ToShop(r.UpdatedAtUtc), r.WaybillError,
            ItemResource.From(r.ItemList), r.Address is { } a ? AddressResource.From(a, fullPhone) : null, r.Remark, clock.ToShop(r.PrintedAtUtc),
            clock.ToShop(r.NextWaybillAttemptAtUtc));
    }

    public sealed record RejectedRowResource(int Row, int? ReissueId, string Reason);

    public sealed record UploadResultResource(int Applied, int Unchanged, IReadOnlyList<RejectedRowResource> Rejected);

    /// <summary>Callers with the `erp` scope ship parcels: they see the recipient's phone in full.</summary>
    public static bool Ships(ClaimsPrincipal user) => user.HasClaim(ApiScopes.ClaimType, ApiScopes.Erp);

    public static async Task<Results<Created<ReissueResource>, ApiProblem>> CreateReissueAsync(CreateReissueRequest? body, ClaimsPrincipal user,
        CreateReissueService service, ReissueService reissues, ShopClock clock, ApiProblemWriter problems, CancellationToken ct)
    {
        if (body is null) return problems.Validation("body", "请求无法解析");
        ReissueScenario scenario;
        switch (body.Scenario)
        {
            case "intercepted": scenario = ReissueScenario.Intercepted; break;
            case "damaged_returned": scenario = ReissueScenario.DamagedReturned; break;
            default: return problems.Validation("scenario", "未知的补发情形：{0}", body.Scenario is { Length: > 40 } word ? word[..40] : body.Scenario ?? "");
        }
        var items = ItemQuantityRequest.ToItems(body.Items);
        var created = await service.CreateAsync(
            new CreateReissueInput(body.OrderNo, scenario, items, body.Address?.ToAddress(), body.Carrier, body.Remark), ct);
        // The whole resource, exactly as GET /reissues/{id} answers it.
        var row = await reissues.GetRowAsync(created.Id, ct) ?? throw new InvalidOperationException($"Reissue {created.Id} vanished after creation");
        return TypedResults.Created($"/api/v1/reissues/{created.Id}", ReissueResource.From(row, clock, Ships(user)));
    }

    public static async Task<Results<Ok<ReissueResource>, ApiProblem>> GetReissueAsync(int id, ClaimsPrincipal user, ReissueService service,
        ShopClock clock, ApiProblemWriter problems, CancellationToken ct) =>
        await service.GetRowAsync(id, ct) is { } row
            ? TypedResults.Ok(ReissueResource.From(row, clock, Ships(user)))
            : problems.NotFound("补发单 {0} 不存在", id.ToString(CultureInfo.InvariantCulture));

    public static async Task<Results<Ok<Page<ReissueResource>>, ApiProblem>> ListReissuesAsync(string? orderNo, string? status,
        string? updatedSince, string? limit, string? cursor, ClaimsPrincipal user, ReissueService service, ShopClock clock,
        ApiProblemWriter problems, CancellationToken ct)
    {
        var errors = new ApiInputErrors();
        var wanted = errors.Word<ReissueStatus>("status", status, required: false);
        var since = errors.Time("updatedSince", updatedSince);
        if (errors.ToProblem(problems) is { } problem) return problem;
        var paging = PageRequest.Parse(limit, cursor, cursorParts: 2);
        var (take, after) = (paging.Limit, paging.ChangePosition);

        var rows = await service.ListChangedAsync(orderNo, wanted, since, after, take + 1, ct);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? PageRequest.EncodeChange(page[^1].UpdatedAtUtc, page[^1].Id) : null;
        var fullPhone = Ships(user);
        return TypedResults.Ok(new Page<ReissueResource>(page.Select(r => ReissueResource.From(r, clock, fullPhone)).ToList(), next));
    }

    public static async Task<Results<Ok<ReissueResource>, ApiProblem>> SetTrackingAsync(int id, TrackingRequest body, ClaimsPrincipal user,
        ReissueService service, ShopClock clock, ApiProblemWriter problems, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Carrier)) return problems.Validation("carrier", "请选择快递公司");
        if (string.IsNullOrWhiteSpace(body.TrackingNo)) return problems.Validation("trackingNo", "请填写物流单号");
        await service.SetTrackingAsync(id, body.Carrier, body.TrackingNo, body.Reason, cancellationToken: ct);
        return await GetReissueAsync(id, user, service, clock, problems, ct);
    }

    public static async Task<Results<Ok<ReissueResource>, ApiProblem>> CancelReissueAsync(int id, CancelReissueRequest? body, ClaimsPrincipal user,
        ReissueService service, ShopClock clock, ApiProblemWriter problems, CancellationToken ct)
    {
        await service.CancelAsync(id, body?.Reason, cancellationToken: ct);
        return await GetReissueAsync(id, user, service, clock, problems, ct);
    }

    /// <summary>The body is the page's CSV template (UTF-8 or GBK) or JSON `{rows:[{reissueId, carrier, trackingNo}]}`.</summary>
    public static async Task<Results<Ok<UploadResultResource>, ApiProblem>> UploadTrackingAsync(HttpRequest request, TrackingUploadService service,
        ApiProblemWriter problems, IStringLocalizer<SharedResource> localizer, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
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

        var report = await service.ApplyAsync(rows, cancellationToken: ct);
        return TypedResults.Ok(new UploadResultResource(report.OkCount, report.UnchangedCount,
            report.Rejected.Select(r => new RejectedRowResource(r.Source.Row, r.ReissueId, r.Reason(localizer) ?? "")).ToList()));
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

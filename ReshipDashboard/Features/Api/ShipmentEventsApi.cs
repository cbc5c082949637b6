using Microsoft.AspNetCore.Http.HttpResults;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Warehouse.Orders.Shipments;

namespace ReshipDashboard.Features.Api;

/// <summary>Courier events (courier → dashboard): interception, return, delivery.</summary>
public static class ShipmentEventsApi
{
    public sealed record CourierEventRequest(string? Carrier, string? TrackingNo, string? Event, string? At);

    /// <summary>The answer to a courier event: the shipment and the status it has now.</summary>
    public sealed record CourierEventResource(int ShipmentId, ShipmentStatus Status);

    /// <summary>A courier's clock may run a little ahead; an event further in the future is refused.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(10);

    public static RouteGroupBuilder MapShipmentEventsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/shipments/events", PostCourierEventAsync).RequireAuthorization(ApiScopes.Courier);
        return api;
    }

    public static async Task<Results<Ok<CourierEventResource>, ApiProblem>> PostCourierEventAsync(CourierEventRequest? input,
        CourierEventService events, ShopClock clock, ApiProblemWriter problems, CancellationToken ct)
    {
        var errors = new ApiInputErrors();
        Courier? courier = null;
        try
        {
            courier = CourierChoice.Require(input?.Carrier);
        }
        catch (DomainException e)
        {
            errors.Add("carrier", e.MessageKey, e.Arguments);
        }
        var number = TrackingNumber.Normalise(input?.TrackingNo);
        if (number.Length is 0 or > 40) errors.Add("trackingNo", "请填写物流单号");
        var status = errors.Word<ShipmentStatus>("event", input?.Event);
        var at = errors.Time("at", input?.At);
        if (at > clock.UtcNow + FutureTolerance) errors.Add("at", "事件时间不能晚于现在");
        if (errors.ToProblem(problems) is { } problem) return problem;

        var result = await events.ApplyAsync(courier!, number, status!.Value, at, ct);
        return TypedResults.Ok(new CourierEventResource(result.ShipmentId, result.Status));
    }
}

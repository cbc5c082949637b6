namespace ReshipDashboard.Features.Api;

/// <summary>Every resource of api.md, one file each; this list is the whole API.</summary>
public static class ApiEndpoints
{
    public static RouteGroupBuilder MapReshipEndpoints(this RouteGroupBuilder api)
    {
        api.MapProductsApi();
        api.MapOrdersApi();
        api.MapShipmentEventsApi();
        api.MapAfterSalesApi();
        api.MapEventsApi();
        api.MapReissuesApi();
        api.MapReshipRequestsApi();
        return api;
    }
}

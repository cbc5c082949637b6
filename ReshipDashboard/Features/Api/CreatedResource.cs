using Microsoft.AspNetCore.Routing.Template;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// Reads a resource of this API the way its GET endpoint answers it, inside the current request (same caller, same
/// field masking), for an idempotent replay whose first answer was never kept.
/// </summary>
public static class CreatedResource
{
    /// <summary>The JSON body GET <paramref name="location"/> answers with 200, or null when it does not.</summary>
    public static async Task<string?> ReadAsync(HttpContext http, string? location)
    {
        if (string.IsNullOrEmpty(location) || !location.StartsWith("/api/", StringComparison.Ordinal)) return null;
        var path = new PathString(Uri.UnescapeDataString(location));
        var endpoints = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true)
            .OrderBy(e => e.Order).ThenBy(e => e.RoutePattern.InboundPrecedence);
        foreach (var endpoint in endpoints)
        {
            var values = new RouteValueDictionary();
            if (!new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary()).TryMatch(path, values)) continue;
            return await InvokeAsync(http, endpoint, path, values);
        }
        return null;
    }

    private static async Task<string?> InvokeAsync(HttpContext http, RouteEndpoint endpoint, PathString path, RouteValueDictionary values)
    {
        var request = http.Request;
        var (method, oldPath, query, routeValues, body) = (request.Method, request.Path, request.QueryString, request.RouteValues, http.Response.Body);
        var oldEndpoint = http.GetEndpoint();
        using var buffer = new MemoryStream();
        try
        {
            request.Method = HttpMethods.Get;
            request.Path = path;
            request.QueryString = QueryString.Empty;
            request.RouteValues = values;
            http.SetEndpoint(endpoint);
            http.Response.Body = buffer;
            await endpoint.RequestDelegate!(http);
        }
        finally
        {
            (request.Method, request.Path, request.QueryString, request.RouteValues, http.Response.Body) = (method, oldPath, query, routeValues, body);
            http.SetEndpoint(oldEndpoint);
        }
        var ok = http.Response.StatusCode == StatusCodes.Status200OK;
        http.Response.Clear();
        return ok ? System.Text.Encoding.UTF8.GetString(buffer.ToArray()) : null;
    }
}

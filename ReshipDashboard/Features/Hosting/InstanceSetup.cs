using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ReshipDashboard.Features.Hosting;

/// <summary>
/// What running behind a load balancer needs: `X-Forwarded-For` / `X-Forwarded-Proto` honoured from the proxies
/// named in `ForwardedHeaders:KnownProxies` (addresses) and `ForwardedHeaders:KnownNetworks` (CIDR) only — from
/// nobody when neither is set — and `/healthz` (200 when the database answers, 503 when not).
/// </summary>
public static class InstanceSetup
{
    public const string Section = "ForwardedHeaders";
    public const string HealthPath = "/healthz";

    public static IServiceCollection AddReshipInstances(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default: only what is configured counts here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            o.ForwardLimit = Math.Max(1, proxies.Length + networks.Length);
        });
        return services;
    }

    /// <summary>First in the pipeline, so HTTPS redirects, secure cookies, HSTS and per-address limits see the client's request.</summary>
    public static IApplicationBuilder UseReshipForwardedHeaders(this IApplicationBuilder app) => app.UseForwardedHeaders();

    public static IEndpointRouteBuilder MapReshipHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(HealthPath).AllowAnonymous().DisableRateLimiting();
        return app;
    }
}

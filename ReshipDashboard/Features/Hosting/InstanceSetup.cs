using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

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
#pragma warning disable ASPDEPR005, CS0618 // the obsolete list still holds the loopback network by default
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005, CS0618
            foreach (var proxy in proxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            o.ForwardLimit = Math.Max(1, proxies.Length + networks.Length);
        });
        return services;
    }

    /// <summary>First in the pipeline, so HTTPS redirects, secure cookies, HSTS and per-address limits see the client's request.</summary>
    /// <remarks>
    /// Not added at all without configured proxies: ASP.NET Core's middleware with empty lists trusts every sender.
    /// </remarks>
    public static IApplicationBuilder UseReshipForwardedHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        return options.KnownProxies.Count + options.KnownIPNetworks.Count == 0 ? app : app.UseForwardedHeaders();
    }

    public static IEndpointRouteBuilder MapReshipHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(HealthPath).AllowAnonymous().DisableRateLimiting();
        return app;
    }
}

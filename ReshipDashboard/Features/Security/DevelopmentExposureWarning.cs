using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ReshipDashboard.Features.Security;

/// <summary>
/// Development seeds the demo accounts and the demo API key. Served beyond this machine, anyone who reaches it can
/// sign in with them: once the server listens, one warning line names the addresses that are not loopback.
/// </summary>
public sealed class DevelopmentExposureWarning(
    IHostEnvironment environment,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<DevelopmentExposureWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment())
            lifetime.ApplicationStarted.Register(WarnIfExposed);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void WarnIfExposed()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
            logger.LogWarning(
                "Development environment listening beyond this machine on {Addresses}: the demo accounts and the demo API key are live. Use the Production profile for anything others can reach.",
                string.Join(", ", exposed));
    }

    /// <summary>Whether a listening address (as Kestrel reports it) can only be reached from this machine.</summary>
    public static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri))
            return false;
        if (uri.IsLoopback) return true; // localhost, 127.0.0.0/8, [::1]
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}

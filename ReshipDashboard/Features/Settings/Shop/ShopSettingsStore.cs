using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Features.Settings.Shop;

/// <summary>
/// The shop's settings in effect: configuration's defaults with the owner's stored values in their place. Serves
/// every <c>IOptions&lt;ShopSettings&gt;</c>, so a saved change applies at once to new deadlines in this instance,
/// and is read again from the database every few seconds so other instances follow.
/// </summary>
public sealed class ShopSettingsStore(IOptionsMonitor<ShopSettings> defaults, IDbContextFactory<ReshipDbContext> factory) : IOptions<ShopSettings>
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(15);

    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(ShopSettings Settings, long LoadedAt);

    public ShopSettings Value
    {
        get
        {
            var snapshot = _snapshot;
            if (snapshot is not null && Stopwatch.GetElapsedTime(snapshot.LoadedAt) < RefreshEvery) return snapshot.Settings;
            return Reload() ?? snapshot?.Settings ?? defaults.CurrentValue;
        }
    }

    /// <summary>A change just saved takes effect at once.</summary>
    public void Apply(StoredShopSettings stored) => _snapshot = new Snapshot(stored.ApplyTo(defaults.CurrentValue), Stopwatch.GetTimestamp());

    private ShopSettings? Reload()
    {
        try
        {
            using var db = factory.CreateDbContext();
            var stored = db.ShopSettings.AsNoTracking().FirstOrDefault(s => s.Id == StoredShopSettings.SingletonId);
            var settings = stored?.ApplyTo(defaults.CurrentValue) ?? defaults.CurrentValue;
            _snapshot = new Snapshot(settings, Stopwatch.GetTimestamp());
            return settings;
        }
        catch (DbException)
        {
            // Not migrated yet (start-up) or busy: keep what is known and ask again next time.
            return null;
        }
    }
}

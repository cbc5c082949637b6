using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Components.Shared;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Settings.FreightRates;

/// <summary>One courier's freight as the settings page shows it; <see cref="Version"/> is null while the default applies.</summary>
public sealed record FreightRateRow(string Carrier, long FreightFen, bool IsDefault, DateTime? UpdatedAtUtc, Guid? Version);

/// <summary>运费设置: the freight per courier that the reissue cost report charges; the owner edits it, each change audited.</summary>
public sealed class FreightRateService(IDbContextFactory<ReshipDbContext> factory, AccessGuard guard, CurrentActor current, ShopClock clock)
{
    public async Task<IReadOnlyList<FreightRateRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.FreightRatesManage);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var stored = await db.CourierFreightRates.AsNoTracking().ToDictionaryAsync(r => r.Carrier, cancellationToken);
        return Courier.All.Select(c => stored.TryGetValue(c.Code, out var r)
            ? new FreightRateRow(c.Code, r.FreightFen, false, r.UpdatedAtUtc, r.Version)
            : new FreightRateRow(c.Code, CourierFreightRate.DefaultFen, true, null, null)).ToList();
    }

    /// <summary>
    /// Sets a courier's freight. <paramref name="expectedVersion"/> is the version read (null: the default was shown);
    /// a rate someone else changed since is refused as 已被他人处理.
    /// </summary>
    public async Task<FreightRateRow> SetAsync(string carrier, long freightFen, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.FreightRatesManage);
        var courier = Courier.Find(carrier) ?? throw DomainException.Invalid("carrier", "未知的快递公司：{0}", carrier);
        var now = clock.UtcNow;
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var rate = await db.CourierFreightRates.FirstOrDefaultAsync(r => r.Carrier == courier.Code, cancellationToken);
            if (rate?.Version != expectedVersion) throw DomainException.ChangedByOthers();
            var before = rate?.FreightFen ?? CourierFreightRate.DefaultFen;
            if (rate is null)
            {
                rate = new CourierFreightRate(courier.Code, freightFen, now);
                db.CourierFreightRates.Add(rate);
            }
            else
            {
                rate.Change(freightFen, now);
            }
            await db.SaveChangesAsync(cancellationToken);
            db.Audit(current.Actor, now, AuditSubjects.FreightRate, rate.Id, null, "freight_changed", null, null,
                $"{courier.Code} {Labels.Money(before)} → {Labels.Money(rate.FreightFen)}");
            await db.SaveChangesAsync(cancellationToken);
            return new FreightRateRow(rate.Carrier, rate.FreightFen, false, rate.UpdatedAtUtc, rate.Version);
        }
        catch (DbUpdateException)
        {
            // Another owner saved the same courier first (the version moved, or both created its row).
            throw DomainException.ChangedByOthers();
        }
    }

    /// <summary>The stored rates by courier code; a courier missing here costs the default.</summary>
    public static Task<Dictionary<string, long>> RatesAsync(ReshipDbContext db, CancellationToken cancellationToken) =>
        db.CourierFreightRates.AsNoTracking().ToDictionaryAsync(r => r.Carrier, r => r.FreightFen, cancellationToken);

    /// <summary>The freight of one parcel with a courier (unknown yet: the default).</summary>
    public static long FreightFor(IReadOnlyDictionary<string, long> rates, string? carrier) =>
        carrier is not null && rates.TryGetValue(carrier, out var fen) ? fen : CourierFreightRate.DefaultFen;
}

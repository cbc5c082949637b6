using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Settings.Shop;

/// <summary>The owner changes the shop's rules: checked ranges, stored, audited, in effect at once for new deadlines.</summary>
public sealed class ShopSettingsService(IDbContextFactory<ReshipDbContext> factory, ShopSettingsStore store, ShopClock clock, CurrentActor actor)
{
    private readonly AccessGuard _guard = new(actor);

    public ShopRuleValues Current => ShopRuleValues.Of(store.Value);

    public async Task SaveAsync(ShopRuleValues values, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ShopSettingsManage);
        StoredShopSettings.Validate(values);
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.UtcNow;
            var stored = await db.ShopSettings.FirstOrDefaultAsync(s => s.Id == StoredShopSettings.SingletonId, cancellationToken);
            var before = stored?.Values ?? ShopRuleValues.Of(store.Value);
            if (stored is null) db.ShopSettings.Add(stored = new StoredShopSettings(values, now));
            else stored.Set(values, now);
            db.Audit(actor.Actor, now, AuditSubjects.ShopSettings, StoredShopSettings.SingletonId, null, "settings_changed", note: Changes(before, values));
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            store.Apply(stored);
        }
        catch (DbUpdateException)
        {
            throw DomainException.ChangedByOthers();
        }
    }

    /// <summary>"reshipAnswerHours 48→24; …": what the change changed, for the audit trail.</summary>
    private static string Changes(ShopRuleValues before, ShopRuleValues after)
    {
        var parts = new List<string>();
        void Add<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {a}→{b}"));
        }
        Add("reshipAnswerHours", before.ReshipAnswerHours, after.ReshipAnswerHours);
        Add("overdueReshipAction", ApiWords.Of(before.OverdueReshipAction), ApiWords.Of(after.OverdueReshipAction));
        Add("escalateAfterRejectionDays", before.EscalateAfterRejectionDays, after.EscalateAfterRejectionDays);
        Add("autoConfirmReceiptDays", before.AutoConfirmReceiptDays, after.AutoConfirmReceiptDays);
        Add("maxReissuesPerOrder", before.MaxReissuesPerOrder, after.MaxReissuesPerOrder);
        Add("dueSoonHours", before.DueSoonHours, after.DueSoonHours);
        Add("reissueShipWithinHours", before.ReissueShipWithinHours, after.ReissueShipWithinHours);
        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }
}

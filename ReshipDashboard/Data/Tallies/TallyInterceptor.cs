using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Data.Tallies;

/// <summary>
/// Keeps the tallies current in the same save as the change: for every added, changed or deleted order, parcel,
/// reissue and reship request it adds (current − original) contributions (<see cref="TallyRules"/>) as new rows.
/// Nothing is read-modified-written, so concurrent writers never contend or lose an update.
/// </summary>
public sealed class TallyInterceptor(TimeZoneInfo zone) : SaveChangesInterceptor
{
    public TimeZoneInfo Zone { get; } = zone;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is ReshipDbContext db) AddDeltasAsync(db, sync: true, default).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ReshipDbContext db) await AddDeltasAsync(db, sync: false, cancellationToken);
        return result;
    }

    /// <summary>The same rows, for a save that writes its changes itself (<see cref="SetBasedSave"/>).</summary>
    internal ValueTask AddDeltasAsync(ReshipDbContext db, CancellationToken cancellationToken) => AddDeltasAsync(db, sync: false, cancellationToken);

    private async ValueTask AddDeltasAsync(ReshipDbContext db, bool sync, CancellationToken cancellationToken)
    {
        // A save that failed and is tried again works its difference out anew.
        foreach (var stale in db.ChangeTracker.Entries<Tally>().Where(e => e.State == EntityState.Added && e.Entity.IsDelta).ToList())
            stale.State = EntityState.Detached;

        var rows = new List<TallyRow>();
        var priced = new List<(EntityEntry<ReissueOrder> Entry, ReissueFacts? Original, ReissueFacts? Current)>();
        var moves = new List<ParcelCourierMoves.Move>();
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            var hasOriginal = entry.State != EntityState.Added;
            var hasCurrent = entry.State != EntityState.Deleted;
            switch (entry.Entity)
            {
                case ReissueOrder entity:
                    var reissue = db.Entry(entity);
                    var original = hasOriginal ? Reissue(reissue, original: true) : null;
                    var current = hasCurrent ? Reissue(reissue, original: false) : null;
                    rows.AddRange(Diff(original is null ? [] : TallyRules.ReissueCounts(original, Zone),
                        current is null ? [] : TallyRules.ReissueCounts(current, Zone)));
                    if (!Equals(original?.CostShape, current?.CostShape)) priced.Add((reissue, original, current));
                    break;
                case ReshipRequest:
                    rows.AddRange(Diff(
                        hasOriginal ? TallyRules.Request(Value<ReshipStatus>(entry, "Status", true), Value<DateTime>(entry, "CreatedAtUtc", true), Zone) : [],
                        hasCurrent ? TallyRules.Request(Value<ReshipStatus>(entry, "Status", false), Value<DateTime>(entry, "CreatedAtUtc", false), Zone) : []));
                    break;
                case Order:
                    rows.AddRange(Diff(hasOriginal ? TallyRules.Order(Value<bool>(entry, "NeedsReissue", true)) : [],
                        hasCurrent ? TallyRules.Order(Value<bool>(entry, "NeedsReissue", false)) : []));
                    break;
                case Shipment parcel:
                    rows.AddRange(Diff(hasOriginal ? Parcel(entry, true) : [], hasCurrent ? Parcel(entry, false) : []));
                    if (entry.State == EntityState.Modified && Value<string>(entry, "Carrier", true) is var from
                        && Value<string>(entry, "Carrier", false) is var to && from != to)
                        moves.Add(new(parcel.Id, from, to));
                    break;
            }
        }

        if (priced.Count > 0)
        {
            var values = await ReissueValues.ResolveAsync(db, priced.Select(p => p.Entry.Entity).ToList(), sync, cancellationToken);
            foreach (var (entry, original, current) in priced)
            {
                var value = values[entry.Entity];
                rows.AddRange(Diff(original is null ? [] : TallyRules.ReissueCosts(original, value, Zone),
                    current is null ? [] : TallyRules.ReissueCosts(current, value, Zone)));
            }
        }

        if (moves.Count > 0) rows.AddRange(await ParcelCourierMoves.RowsAsync(db, moves, Zone, sync, cancellationToken));

        foreach (var row in TallyRules.Sum(rows)) db.Tallies.Add(new Tally(row) { IsDelta = true });
    }

    private static List<TallyRow> Diff(IEnumerable<TallyRow> original, IEnumerable<TallyRow> current) => TallyRules.Difference(original, current);

    private IEnumerable<TallyRow> Parcel(EntityEntry entry, bool original) =>
        TallyRules.Parcel(Value<ShipmentKind>(entry, "Kind", original) == ShipmentKind.Original, Value<string>(entry, "Carrier", original),
            Value<DateTime>(entry, "CreatedAtUtc", original), Zone);

    internal static ReissueFacts Reissue(EntityEntry<ReissueOrder> e, bool original)
    {
        var province = e.ComplexProperty(r => r.Address).Property(a => a.Province);
        return new ReissueFacts(
            Value<ReissueStatus>(e, "Status", original), Value<ReissueScenario>(e, "Scenario", original), Value<DateTime>(e, "CreatedAtUtc", original),
            Value<string?>(e, "Carrier", original), Value<string?>(e, "PreferredCarrier", original),
            (original ? province.OriginalValue : province.CurrentValue) ?? "",
            Value<bool>(e, "ReplacedParcelDelivered", original), Value<string?>(e, "WaybillError", original) is not null);
    }

    private static T Value<T>(EntityEntry e, string property, bool original)
    {
        var p = e.Property(property);
        return (T)(original ? p.OriginalValue : p.CurrentValue)!;
    }
}

using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Data.Tallies;

/// <summary>
/// Works every tally out from the base tables with the same rules the saves apply (<see cref="TallyRules"/>) and
/// replaces the stored ones in one transaction. Runs when a database has none yet (one that predates them, a bulk
/// seed) or was tallied in another time zone than the shop's, so a day always means the shop's day.
/// </summary>
public static class TallyBuild
{
    /// <summary>
    /// Rebuilds unless the tallies are there and were built in <paramref name="zone"/>; true when it rebuilt. Checked
    /// under the write lock, so instances starting together on one PostgreSQL database rebuild once.
    /// </summary>
    public static async Task<bool> EnsureAsync(ReshipDbContext db, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        if (await BuiltInAsync(db, cancellationToken) == zone.Id) return false;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await TakeWriteLockAsync(db, cancellationToken);
        if (await BuiltInAsync(db, cancellationToken) == zone.Id) return false;
        await RebuildAsync(db, zone, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Replaces every tally by the ones worked out from the base tables, in one transaction (the caller's, or its own).</summary>
    public static async Task RebuildAsync(ReshipDbContext db, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            // No save slips in between: the write lock is taken before anything is read.
            await TakeWriteLockAsync(db, cancellationToken);
            await db.Tallies.ExecuteDeleteAsync(cancellationToken);
            var rows = await ComputeAsync(db, zone, cancellationToken);
            rows.Add(new TallyRow(TallyNames.Zone, null, zone.Id, "", 1));
            db.Tallies.AddRange(rows.Select(r => new Tally(r)));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (own is not null) await own.CommitAsync(cancellationToken);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>
    /// SQLite takes its write lock at a transaction's first write (a write that changes nothing will do); PostgreSQL's
    /// shared write lock was taken at BEGIN (<see cref="PostgresWriteLock"/>).
    /// </summary>
    internal static Task TakeWriteLockAsync(ReshipDbContext db, CancellationToken cancellationToken) =>
        db.Tallies.Where(t => t.Id < 0).ExecuteDeleteAsync(cancellationToken);

    private static Task<string?> BuiltInAsync(ReshipDbContext db, CancellationToken cancellationToken) =>
        db.Tallies.AsNoTracking().Where(t => t.Name == TallyNames.Zone && t.Day == null).Select(t => t.Key).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Every tally as the base tables stand (the zone marker left out).</summary>
    public static async Task<List<TallyRow>> ComputeAsync(ReshipDbContext db, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        var sums = new TallySums();
        var needing = await db.Orders.CountAsync(o => o.NeedsReissue, cancellationToken);
        if (needing > 0) sums.Add(TallyRules.Order(true).Select(r => r with { Count = needing }));

        await foreach (var s in db.Shipments.AsNoTracking().Where(s => s.Kind == ShipmentKind.Original)
                           .Select(s => new { s.Carrier, s.CreatedAtUtc }).AsAsyncEnumerable().WithCancellation(cancellationToken))
            sums.Add(TallyRules.Parcel(true, s.Carrier, s.CreatedAtUtc, zone));

        await foreach (var q in db.ReshipRequests.AsNoTracking().Select(q => new { q.Status, q.CreatedAtUtc })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
            sums.Add(TallyRules.Request(q.Status, q.CreatedAtUtc, zone));

        // The lines of every order that has a reissue, by joining from the reissues (order lines are indexed by order).
        var lines = (await (from r in db.Reissues.AsNoTracking()
                            join i in db.OrderItems.AsNoTracking() on r.OrderId equals i.OrderId
                            select new { i.Id, i.OrderId, i.Sku, i.UnitPrice }).ToListAsync(cancellationToken))
            .DistinctBy(l => l.Id).OrderBy(l => l.Id).ToLookup(l => l.OrderId, l => (l.Sku, l.UnitPrice));

        var reissues = db.Reissues.AsNoTracking().Select(r => new
        {
            r.OrderId, r.Status, r.Scenario, r.CreatedAtUtc, r.Carrier, r.PreferredCarrier, r.Address.Province, r.ReplacedParcelDelivered,
            Failed = r.WaybillError != null,
            Origin = r.ReplacesShipment != null
                ? r.ReplacesShipment.Carrier
                : db.Shipments.Where(s => s.OrderId == r.OrderId && s.Kind == ShipmentKind.Original).Select(s => s.Carrier).FirstOrDefault(),
            Items = EF.Property<List<LineItem>>(r, "_items"),
        });
        await foreach (var r in reissues.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var facts = new ReissueFacts(r.Status, r.Scenario, r.CreatedAtUtc, r.Carrier, r.PreferredCarrier, r.Province ?? "",
                r.ReplacedParcelDelivered, r.Failed);
            sums.Add(TallyRules.ReissueCounts(facts, zone));
            if (r.Status != ReissueStatus.Cancelled)
                sums.Add(TallyRules.ReissueCosts(facts, ReissueValue.Of(r.Origin, r.Items, lines[r.OrderId]), zone));
        }
        return sums.ToRows();
    }

    /// <summary>Running sums per tally address, without keeping every contribution.</summary>
    private sealed class TallySums
    {
        private readonly Dictionary<(string, int?, string, string), long[]> _sums = [];

        public void Add(IEnumerable<TallyRow> rows)
        {
            foreach (var row in rows)
            {
                if (!_sums.TryGetValue(row.Address, out var sum)) _sums[row.Address] = sum = new long[3];
                sum[0] += row.Count;
                sum[1] += row.Quantity;
                sum[2] += row.AmountFen;
            }
        }

        public List<TallyRow> ToRows() => _sums
            .Select(s => new TallyRow(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Key.Item4, s.Value[0], s.Value[1], s.Value[2]))
            .Where(r => !r.IsZero).ToList();
    }
}

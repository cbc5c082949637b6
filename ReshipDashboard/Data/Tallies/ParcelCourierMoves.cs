using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Reissues;

namespace ReshipDashboard.Data.Tallies;

/// <summary>
/// A parcel's courier corrected (更正物流单号) after a later reissue replaced it: that reissue's cost now belongs to
/// the corrected courier. Moves the cost-by-origin tallies of every reissue replacing the parcel, as they stood before
/// this save; a reissue the save also changes works its own difference out with the corrected courier on both sides.
/// </summary>
internal static class ParcelCourierMoves
{
    public sealed record Move(int ShipmentId, string From, string To);

    public static async Task<List<TallyRow>> RowsAsync(ReshipDbContext db, IReadOnlyList<Move> moves, TimeZoneInfo zone, bool sync,
        CancellationToken cancellationToken)
    {
        var ids = moves.Select(m => m.ShipmentId).ToList();
        var tracked = db.ChangeTracker.Entries<ReissueOrder>()
            .Where(e => e.State != EntityState.Added && e.Property(r => r.ReplacesShipmentId).OriginalValue is { } id && ids.Contains(id))
            .ToList();
        var trackedIds = tracked.Select(e => e.Entity.Id).ToList();
        var query = db.Reissues.AsNoTracking()
            .Where(r => r.ReplacesShipmentId != null && ids.Contains(r.ReplacesShipmentId.Value) && !trackedIds.Contains(r.Id));
        var stored = sync ? query.ToList() : await query.ToListAsync(cancellationToken);

        var affected = tracked.Select(e => (Reissue: e.Entity, Facts: TallyInterceptor.Reissue(e, original: true)))
            .Concat(stored.Select(r => (Reissue: r, Facts: Facts(r))))
            .Where(a => a.Facts.Status != ReissueStatus.Cancelled)
            .ToList();
        if (affected.Count == 0) return [];

        var values = await ReissueValues.ResolveAsync(db, affected.Select(a => a.Reissue).ToList(), sync, cancellationToken);
        var rows = new List<TallyRow>();
        foreach (var (reissue, facts) in affected)
        {
            var move = moves.First(m => m.ShipmentId == reissue.ReplacesShipmentId);
            var value = values[reissue];
            rows.AddRange(TallyRules.Difference(TallyRules.ReissueCosts(facts, value with { OriginCarrier = move.From }, zone),
                TallyRules.ReissueCosts(facts, value with { OriginCarrier = move.To }, zone)));
        }
        return rows;
    }

    private static ReissueFacts Facts(ReissueOrder r) => new(r.Status, r.Scenario, r.CreatedAtUtc, r.Carrier, r.PreferredCarrier,
        r.Address.Province, r.ReplacedParcelDelivered, r.WaybillError is not null);
}

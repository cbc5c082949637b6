using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Domain.Audit;

namespace ReshipDashboard.Data;

/// <summary>Reads audit entries as timeline lines: the ids they store become the numbers people know.</summary>
public static partial class AuditReading
{
    public static async Task<List<AuditLine>> ReadLinesAsync(this ReshipDbContext db, IQueryable<AuditEntry> entries,
        CancellationToken cancellationToken = default)
    {
        var rows = await entries.AsNoTracking().ToListAsync(cancellationToken);
        int[] Ids(string subject) => rows.Where(r => r.EntityType == subject && r.EntityId > 0).Select(r => r.EntityId).Distinct().ToArray();

        var reissueIds = Ids(AuditSubjects.Reissue);
        var orderIds = Ids(AuditSubjects.Order);
        var productIds = Ids(AuditSubjects.Product);
        var accountIds = Ids(AuditSubjects.Account);
        var keyIds = Ids(AuditSubjects.ApiKey);
        var related = rows.Select(r => RelatedShipment(r)).OfType<int>();
        var shipmentIds = Ids(AuditSubjects.Shipment).Concat(related).Distinct().ToArray();

        var numbers = new Dictionary<(string, int), string>();
        void Add<T>(string subject, IEnumerable<T> found, Func<T, int> id, Func<T, string> number)
        {
            foreach (var f in found) numbers[(subject, id(f))] = number(f);
        }
        if (reissueIds.Length > 0)
            Add(AuditSubjects.Reissue, await db.Reissues.Where(r => reissueIds.Contains(r.Id)).Select(r => new { r.Id, r.ReissueNo }).ToListAsync(cancellationToken), r => r.Id, r => r.ReissueNo);
        if (orderIds.Length > 0)
            Add(AuditSubjects.Order, await db.Orders.Where(o => orderIds.Contains(o.Id)).Select(o => new { o.Id, o.OrderNo }).ToListAsync(cancellationToken), o => o.Id, o => o.OrderNo);
        if (shipmentIds.Length > 0)
            Add(AuditSubjects.Shipment, await db.Shipments.Where(s => shipmentIds.Contains(s.Id)).Select(s => new { s.Id, s.TrackingNo }).ToListAsync(cancellationToken), s => s.Id, s => s.TrackingNo);
        if (productIds.Length > 0)
            Add(AuditSubjects.Product, await db.Products.Where(p => productIds.Contains(p.Id)).Select(p => new { p.Id, p.Sku }).ToListAsync(cancellationToken), p => p.Id, p => p.Sku);
        if (accountIds.Length > 0)
            Add(AuditSubjects.Account, await db.Users.Where(u => accountIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToListAsync(cancellationToken), u => u.Id, u => u.UserName ?? "");
        if (keyIds.Length > 0)
            Add(AuditSubjects.ApiKey, await db.ApiKeys.Where(k => keyIds.Contains(k.Id)).Select(k => new { k.Id, k.Name }).ToListAsync(cancellationToken), k => k.Id, k => k.Name);

        return rows.Select(r => new AuditLine(r.AtUtc, r.Actor, r.EntityType, r.EntityId, r.Action, r.FromStatus, r.ToStatus, r.Note)
        {
            SubjectNo = numbers.GetValueOrDefault((r.EntityType, r.EntityId)),
            RelatedNo = RelatedShipment(r) is { } shipment ? numbers.GetValueOrDefault((AuditSubjects.Shipment, shipment)) : null,
        }).ToList();
    }

    /// <summary>The parcel an entry's note names by id ("after_sale/3 shipment/9"), written before lines carried numbers.</summary>
    private static int? RelatedShipment(AuditEntry entry) =>
        entry.Note is { } note && ShipmentRef().Match(note) is { Success: true } m && int.TryParse(m.Groups[1].ValueSpan, out var id) ? id : null;

    [GeneratedRegex(@"\bshipment/(\d+)\b")]
    private static partial Regex ShipmentRef();
}

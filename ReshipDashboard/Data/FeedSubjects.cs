using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data;

/// <summary>
/// The fields every feed event about one kind of record carries, read from that record as tracked in the unit of
/// work that publishes the event (never a query): reissues, reship requests, after-sales and orders.
/// </summary>
internal static class FeedSubjects
{
    public static IEnumerable<(string Name, object? Value)> Common(ReshipDbContext db, string subject)
    {
        var slash = subject.IndexOf('/');
        if (slash < 0) return [];
        var (kind, key) = (subject[..slash], subject[(slash + 1)..]);
        _ = int.TryParse(key, out var id);
        switch (kind)
        {
            case "reissue" when db.Reissues.Local.FindEntry(id)?.Entity is { } r:
                return [("reissueId", r.Id), ("reissueNo", r.ReissueNo), ("orderNo", OrderNo(db, r.OrderId)), ("status", ApiWords.Of(r.Status)),
                    ("reshipRequestId", r.ReshipRequestId)];
            case "reship_request" when db.ReshipRequests.Local.FindEntry(id)?.Entity is { } q:
                var reissue = q.Reissue ?? db.Reissues.Local.FirstOrDefault(x => x.ReshipRequestId == q.Id);
                return [("reshipRequestId", q.Id), ("orderNo", OrderNo(db, q.OrderId)), ("afterSaleId", q.AfterSaleId), ("status", ApiWords.Of(q.Status)),
                    ("revision", q.Revision), ("reissueId", reissue?.Id), ("reissueNo", reissue?.ReissueNo)];
            case "after_sale" when db.AfterSales.Local.FindEntry(id)?.Entity is { } a:
                return [("afterSaleId", a.Id), ("orderNo", OrderNo(db, a.OrderId)), ("type", ApiWords.Of(a.Type)), ("status", ApiWords.Of(a.Status)),
                    ("reshipRequestId", db.ReshipRequests.Local.FirstOrDefault(x => x.AfterSaleId == a.Id)?.Id)];
            case "order" when db.Orders.Local.FirstOrDefault(o => o.OrderNo == key) is { } o:
                return [("orderNo", o.OrderNo), ("status", ApiWords.Of(o.Status))];
            default:
                return [];
        }
    }

    private static string? OrderNo(ReshipDbContext db, int orderId) => db.Orders.Local.FindEntry(orderId)?.Entity.OrderNo;
}

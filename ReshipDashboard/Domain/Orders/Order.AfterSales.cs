using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Domain.Orders;

/// <summary>The order's after-sales: opened, withdrawn, and the reissue limit they may run into.</summary>
public sealed partial class Order
{
    /// <summary>Opens an after-sale case on this order; recorded as opened <paramref name="by"/>, when given.</summary>
    public AfterSale OpenAfterSale(AfterSaleType type, string reason, string? description, DateTime nowUtc, Actor? by = null)
    {
        var afterSale = new AfterSale(type, reason, description, nowUtc);
        _afterSales.Add(afterSale);
        Touch(nowUtc);
        Raise(by is null ? null : new AfterSaleCreated(by, nowUtc, afterSale, OrderNo));
        return afterSale;
    }

    /// <summary>The buyer withdraws one of its after-sales; false when it was withdrawn already (nothing changes, nothing is recorded).</summary>
    public bool WithdrawAfterSale(AfterSale afterSale, DateTime nowUtc, Actor by)
    {
        var from = afterSale.Status;
        if (!afterSale.Withdraw(nowUtc)) return false;
        Touch(nowUtc);
        Raise(new AfterSaleWithdrawn(by, nowUtc, afterSale, OrderNo, ApiWords.Of(from), ApiWords.Of(afterSale.Status)));
        return true;
    }

    /// <summary>At its reissue limit, a withdrawn after-sale's parcel is not replaced: the order is flagged for a person (and recorded, when the after-sale is given).</summary>
    public void FlagReissueLimit(DateTime nowUtc, AfterSale? withdrawn = null, Shipment? parcel = null)
    {
        ReissueLimitFlagged = true;
        Touch(nowUtc);
        if (withdrawn is not null && parcel is not null)
            Raise(new ReissueLimitFlagged(nowUtc, this, withdrawn.Id, parcel.Id, ActiveReissueCount));
    }
}

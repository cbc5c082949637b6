using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.AfterSales;

/// <summary>The platform opened an after-sale on an order.</summary>
public sealed record AfterSaleCreated(Actor Actor, DateTime AtUtc, AfterSale AfterSale, string OrderNo) : DomainEvent(Actor, AtUtc)
{
    public override object? AuditAwaits => AfterSale;
    public override object? FeedAwaits => AfterSale;

    public override AuditFact Audit() => new(AuditSubjects.AfterSale, AfterSale.Id, AfterSale.OrderId, "created", null,
        ApiWords.Of(AfterSale.Status), ApiWords.Of(AfterSale.Type));

    public override FeedFact Feed() => new("after_sale.created", $"after_sale/{AfterSale.Id}", new
    {
        afterSaleId = AfterSale.Id, orderNo = OrderNo, type = ApiWords.Of(AfterSale.Type), status = ApiWords.Of(AfterSale.Status),
    });
}

/// <summary>The buyer withdrew an after-sale.</summary>
public sealed record AfterSaleWithdrawn(Actor Actor, DateTime AtUtc, AfterSale AfterSale, string OrderNo, string From, string To)
    : DomainEvent(Actor, AtUtc)
{
    public override AuditFact Audit() => new(AuditSubjects.AfterSale, AfterSale.Id, AfterSale.OrderId, "withdrawn", From, To);

    public override FeedFact Feed() => new("after_sale.withdrawn", $"after_sale/{AfterSale.Id}", new
    {
        afterSaleId = AfterSale.Id, orderNo = OrderNo, status = To,
    });
}

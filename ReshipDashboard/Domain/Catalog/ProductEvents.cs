using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Catalog;

/// <summary>A product was created or changed (audited with its SKU and price).</summary>
public sealed record ProductChanged(Actor Actor, DateTime AtUtc, Product Product, string Action, long UnitPrice) : DomainEvent(Actor, AtUtc)
{
    public override object? AuditAwaits => Product;

    public override AuditFact Audit() => new(AuditSubjects.Product, Product.Id, null, Action, Note: $"{Product.Sku} {UnitPrice}");
}

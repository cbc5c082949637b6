using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.ReshipRequests;

namespace ReshipDashboard.Data.Configurations;

public sealed class ReshipRevisionConfiguration : IEntityTypeConfiguration<ReshipRevision>
{
    public void Configure(EntityTypeBuilder<ReshipRevision> b)
    {
        b.Property(r => r.Reason).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Description).HasMaxLength(ReshipRequest.MaxDescriptionLength);
        b.ComplexProperty(r => r.Address, AddressMapping.Map);
        b.Property<List<Domain.Orders.LineItem>>("_items").HasColumnName("Items")
            .HasConversion(JsonColumn.LineItems, JsonColumn.LineItemsComparer);
        b.Ignore(r => r.Items);
        b.HasIndex(r => new { r.ReshipRequestId, r.Number }).IsUnique();
    }
}

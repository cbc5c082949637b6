using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.ReshipRequests;

namespace ReshipDashboard.Data.Configurations;

public sealed class ReshipRequestConfiguration : IEntityTypeConfiguration<ReshipRequest>
{
    public void Configure(EntityTypeBuilder<ReshipRequest> b)
    {
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Reason).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.RejectionReason).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Description).HasMaxLength(ReshipRequest.MaxDescriptionLength);
        b.Property(r => r.RejectionNote).HasMaxLength(500);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => new { r.Status, r.DueAtUtc });
        b.HasIndex(r => r.OrderId);
        // Received-in-a-period reads (the 补寄时效 report, the queue's SLA filters) find every column they use here.
        b.HasIndex(r => new { r.CreatedAtUtc, r.DueAtUtc, r.Reason, r.Status, r.ApprovedAtUtc, r.RejectedAtUtc, r.EscalatedAtUtc, r.AnsweredBy })
            .HasDatabaseName("IX_ReshipRequests_ReceivedFacts");
        b.HasIndex(r => r.UpdatedAtUtc);
        b.HasIndex(r => new { r.Status, r.UpdatedAtUtc });
        b.Property(r => r.AnsweredBy).HasMaxLength(110);
        b.ComplexProperty(r => r.Address, AddressMapping.Map);
        b.Property<List<Domain.Orders.LineItem>>("_items").HasColumnName("Items")
            .HasConversion(JsonColumn.LineItems, JsonColumn.LineItemsComparer);
        b.Ignore(r => r.Items);
        b.Ignore(r => r.HasEnded);
        b.HasOne(r => r.Order).WithMany().HasForeignKey(r => r.OrderId);
        b.HasOne(r => r.AfterSale).WithOne().HasForeignKey<ReshipRequest>(r => r.AfterSaleId);
        b.HasMany(r => r.Revisions).WithOne().HasForeignKey(v => v.ReshipRequestId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(r => r.Revisions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

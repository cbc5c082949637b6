using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Data.Configurations;

public sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.Property(o => o.OrderNo).HasMaxLength(22);
        b.HasIndex(o => o.OrderNo).IsUnique();
        b.HasIndex(o => o.CreatedAtUtc);
        // The list's order (newest payment first), and the few 待补发 orders on a partial index of their own:
        // counting and listing them reads only them, never the whole table.
        b.HasIndex(o => o.PaidAtUtc);
        b.HasIndex(o => o.PaidAtUtc, "IX_Orders_PaidAtUtc_NeedsReissue").HasFilter("\"NeedsReissue\"");
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.ComplexProperty(o => o.Address, AddressMapping.Map);
        b.HasOne(o => o.Buyer).WithMany().HasForeignKey(o => o.BuyerId);
        b.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(o => o.Shipments).WithOne().HasForeignKey(s => s.OrderId);
        b.HasMany(o => o.Reissues).WithOne(r => r.Order).HasForeignKey(r => r.OrderId);
        b.HasMany(o => o.AfterSales).WithOne().HasForeignKey(a => a.OrderId);
        b.Navigation(o => o.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(o => o.Shipments).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(o => o.Reissues).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(o => o.AfterSales).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(o => o.TotalAmount);
        b.Ignore(o => o.ActiveReissueCount);
    }
}

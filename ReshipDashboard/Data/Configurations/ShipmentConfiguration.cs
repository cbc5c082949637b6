using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Data.Configurations;

public sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> b)
    {
        b.Property(s => s.Carrier).HasMaxLength(10);
        b.Property(s => s.TrackingNo).HasMaxLength(40);
        // A tracking number is unique across all shipments, whatever the courier.
        b.HasIndex(s => s.TrackingNo).IsUnique();
        b.HasIndex(s => s.ReissueId).IsUnique();
        // The reports count a period's original parcels of each courier as one range of this index.
        b.HasIndex(s => new { s.Kind, s.Carrier, s.CreatedAtUtc });
        // Orders having a parcel in a status (the orders API's shipmentStatus filter), in order id order.
        b.HasIndex(s => new { s.Status, s.OrderId });
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasMany(s => s.Events).WithOne().HasForeignKey(e => e.ShipmentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Events).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(s => s.IsStopped);
        b.Ignore(s => s.IsMoving);
    }
}

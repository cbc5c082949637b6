using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Data.Configurations;

public sealed class ReissueOrderConfiguration : IEntityTypeConfiguration<ReissueOrder>
{
    public void Configure(EntityTypeBuilder<ReissueOrder> b)
    {
        b.ToTable("Reissues");
        b.Property(r => r.ReissueNo).HasMaxLength(14);
        b.HasIndex(r => r.ReissueNo).IsUnique();
        // Two people creating a reissue of one order at once cannot both take the same sequence.
        b.HasIndex(r => new { r.OrderId, r.Sequence }).IsUnique();
        // One index per offered sort, within a status tab and over 全部, so every page reads only its rows.
        b.Property(r => r.OrderNo).HasMaxLength(22);
        b.HasIndex(r => new { r.Status, r.CreatedAtUtc });
        // The reports read a period's reissues by creation time.
        b.HasIndex(r => new { r.CreatedAtUtc, r.Status });
        b.HasIndex(r => new { r.Status, r.ShipByUtc });
        b.HasIndex(r => new { r.Status, r.ReissueNo });
        b.HasIndex(r => new { r.Status, r.OrderNo, r.Sequence });
        b.HasIndex(r => new { r.Status, r.Sequence });
        b.HasIndex(r => r.CreatedAtUtc);
        b.HasIndex(r => r.ShipByUtc);
        b.HasIndex(r => new { r.OrderNo, r.Sequence });
        b.HasIndex(r => r.Sequence);
        b.HasIndex(r => r.TrackingNo);
        b.HasIndex(r => r.UpdatedAtUtc);
        // The API's change list within a status (`GET /api/v1/reissues?status=…`), in update order, page by page.
        b.HasIndex(r => new { r.Status, r.UpdatedAtUtc, r.Id });
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Scenario).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.PreferredCarrier).HasMaxLength(10);
        b.Property(r => r.Carrier).HasMaxLength(10);
        b.Property(r => r.TrackingNo).HasMaxLength(40);
        b.Property(r => r.Remark).HasMaxLength(ReissueOrder.MaxNoteLength);
        b.Property(r => r.CancelReason).HasMaxLength(ReissueOrder.MaxNoteLength);
        b.Property(r => r.WaybillError).HasMaxLength(300);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.ComplexProperty(r => r.Address, AddressMapping.Map);
        b.Property<List<Domain.Orders.LineItem>>("_items").HasColumnName("Items")
            .HasConversion(JsonColumn.LineItems, JsonColumn.LineItemsComparer);
        b.Ignore(r => r.Items);
        b.Ignore(r => r.IsAwaitingNumber);
        b.Ignore(r => r.AllowedActions);
        b.HasOne(r => r.Shipment).WithOne().HasForeignKey<Shipment>(s => s.ReissueId);
        b.HasOne(r => r.ReshipRequest).WithOne(q => q.Reissue).HasForeignKey<ReissueOrder>(r => r.ReshipRequestId);
        b.HasOne(r => r.AfterSale).WithMany().HasForeignKey(r => r.AfterSaleId);
        b.HasOne(r => r.ReplacesShipment).WithMany().HasForeignKey(r => r.ReplacesShipmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

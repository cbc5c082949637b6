using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Data.Configurations;

public sealed class CourierFreightRateConfiguration : IEntityTypeConfiguration<CourierFreightRate>
{
    public void Configure(EntityTypeBuilder<CourierFreightRate> b)
    {
        b.Property(r => r.Carrier).HasMaxLength(10);
        b.HasIndex(r => r.Carrier).IsUnique();
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}

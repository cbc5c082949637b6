using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.AfterSales;

namespace ReshipDashboard.Data.Configurations;

public sealed class AfterSaleConfiguration : IEntityTypeConfiguration<AfterSale>
{
    public void Configure(EntityTypeBuilder<AfterSale> b)
    {
        b.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Reason).HasMaxLength(100);
        b.Property(a => a.Description).HasMaxLength(500);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasIndex(a => a.UpdatedAtUtc);
    }
}

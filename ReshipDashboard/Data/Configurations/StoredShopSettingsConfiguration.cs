using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Data.Configurations;

public sealed class StoredShopSettingsConfiguration : IEntityTypeConfiguration<StoredShopSettings>
{
    public void Configure(EntityTypeBuilder<StoredShopSettings> b)
    {
        b.ToTable("ShopSettings");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.OverdueReshipAction).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Ignore(s => s.Values);
    }
}

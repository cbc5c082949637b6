using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Data.Configurations;

public sealed class BuyerConfiguration : IEntityTypeConfiguration<Buyer>
{
    public void Configure(EntityTypeBuilder<Buyer> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.PhoneLast4).HasMaxLength(4);
        b.HasIndex(x => x.PhoneLast4);
        b.Ignore(x => x.MaskedPhone);
    }
}

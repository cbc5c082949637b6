using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Data.Tallies;

namespace ReshipDashboard.Data.Configurations;

public sealed class TallyConfiguration : IEntityTypeConfiguration<Tally>
{
    public void Configure(EntityTypeBuilder<Tally> b)
    {
        b.ToTable("Tallies");
        b.Property(t => t.Id).ValueGeneratedOnAdd();
        b.Property(t => t.Name).HasMaxLength(40);
        b.Property(t => t.Key).HasMaxLength(200);
        b.Property(t => t.Carrier).HasMaxLength(10);
        // Every read is one name over a range of days (or the all-time rows): one range of this index.
        b.HasIndex(t => new { t.Name, t.Day, t.Key });
        b.Ignore(t => t.IsDelta);
    }
}

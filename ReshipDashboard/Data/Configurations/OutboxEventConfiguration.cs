using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Audit;

namespace ReshipDashboard.Data.Configurations;

public sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> b)
    {
        b.ToTable("Events");
        b.Property(e => e.Type).HasMaxLength(50);
        b.Property(e => e.Subject).HasMaxLength(50);
    }
}

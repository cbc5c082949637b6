using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Audit;

namespace ReshipDashboard.Data.Configurations;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.ActorKind).HasConversion<string>().HasMaxLength(10);
        b.Property(a => a.ActorName).HasMaxLength(100);
        b.Property(a => a.EntityType).HasMaxLength(30);
        b.Property(a => a.Action).HasMaxLength(50);
        b.Property(a => a.FromStatus).HasMaxLength(30);
        b.Property(a => a.ToStatus).HasMaxLength(30);
        b.Property(a => a.Note).HasMaxLength(1000);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.HasIndex(a => a.OrderId);
        b.HasIndex(a => a.AtUtc);
        b.Ignore(a => a.Actor);
    }
}

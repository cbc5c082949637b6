using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReshipDashboard.Data.Configurations;

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.Property(r => r.Scope).HasMaxLength(100);
        b.Property(r => r.Path).HasMaxLength(200);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasIndex(r => new { r.Scope, r.Path, r.Key }).IsUnique();
    }
}

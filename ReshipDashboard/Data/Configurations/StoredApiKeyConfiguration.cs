using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Accounts;

namespace ReshipDashboard.Data.Configurations;

public sealed class StoredApiKeyConfiguration : IEntityTypeConfiguration<StoredApiKey>
{
    public void Configure(EntityTypeBuilder<StoredApiKey> b)
    {
        b.ToTable("ApiKeys");
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Hint).HasMaxLength(20);
        b.Property(k => k.Hash).HasMaxLength(64);
        b.Property(k => k.Scopes).HasMaxLength(100);
        b.Property(k => k.CreatedBy).HasMaxLength(100);
        b.Property(k => k.RevokedBy).HasMaxLength(100);
        b.HasIndex(k => k.Hash).IsUnique();
        b.Ignore(k => k.IsRevoked);
        b.Ignore(k => k.ScopeList);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data;

/// <summary>Renews the concurrency token of every added or changed versioned entity, so a stale writer's save fails.</summary>
public sealed class VersionInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Renew(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Renew(eventData.Context);
        return ValueTask.FromResult(result);
    }

    internal static void Renew(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<IVersioned>())
        {
            // Through the entry: the change counts at once, without another scan of every tracked entity.
            if (entry.State is EntityState.Added or EntityState.Modified)
                entry.Property(e => e.Version).CurrentValue = Guid.NewGuid();
        }
    }
}

using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Data.Tallies;

namespace ReshipDashboard.Tests.Data.Tallies;

/// <summary>Compares the tallies the saves kept with the ones worked out from scratch from the base tables.</summary>
internal static class TallyCheck
{
    public static async Task<List<TallyRow>> StoredAsync(IDbContextFactory<ReshipDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var rows = await db.Tallies.AsNoTracking().Where(t => t.Name != TallyNames.Zone).ToListAsync();
        return Sorted(TallyRules.Sum(rows.Select(t => t.ToRow())));
    }

    public static async Task<List<TallyRow>> FromScratchAsync(IDbContextFactory<ReshipDbContext> factory, TimeZoneInfo zone)
    {
        await using var db = await factory.CreateDbContextAsync();
        return Sorted(await TallyBuild.ComputeAsync(db, zone));
    }

    public static async Task AssertKeptEqualsRebuiltAsync(IDbContextFactory<ReshipDbContext> factory, TimeZoneInfo zone)
    {
        var rebuilt = await FromScratchAsync(factory, zone);
        var stored = await StoredAsync(factory);
        Assert.Equal(rebuilt, stored);
    }

    private static List<TallyRow> Sorted(IEnumerable<TallyRow> rows) =>
        rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Day).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ThenBy(r => r.Carrier, StringComparer.Ordinal).ToList();
}

using Microsoft.EntityFrameworkCore;

namespace ReshipDashboard.Data.Tallies;

/// <summary>Reading tallies: one name's rows, summed per key (and day and courier), off the (name, day, key) index.</summary>
public static class TallyQueries
{
    /// <summary>An all-time tally's counts per key (every list's tab counts: compiled once).</summary>
    public static async Task<Dictionary<string, long>> TallyCountsAsync(this ReshipDbContext db, string name, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, long>();
        await foreach (var row in CountsPerKey.For(db)(db, name).WithCancellation(cancellationToken))
            counts[row.Key] = row.Count;
        return counts;
    }

    private sealed record KeyCount(string Key, long Count);

    private static readonly Compiled<Func<ReshipDbContext, string, IAsyncEnumerable<KeyCount>>> CountsPerKey = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, string name) => db.Tallies.AsNoTracking().Where(t => t.Name == name && t.Day == null)
            .GroupBy(t => t.Key).Select(g => new KeyCount(g.Key, g.Sum(t => t.Count)))));

    /// <summary>Several all-time tallies' counts per (name, key), in one statement.</summary>
    public static async Task<Dictionary<(string Name, string Key), long>> TallyCountsAsync(this ReshipDbContext db, string[] names,
        CancellationToken cancellationToken = default) =>
        (await db.Tallies.AsNoTracking().Where(t => names.Contains(t.Name) && t.Day == null)
            .GroupBy(t => new { t.Name, t.Key }).Select(g => new { g.Key.Name, g.Key.Key, Count = g.Sum(t => t.Count) })
            .ToListAsync(cancellationToken))
        .ToDictionary(x => (x.Name, x.Key), x => x.Count);

    /// <summary>An all-time tally's count under one key.</summary>
    public static async Task<long> TallyCountAsync(this ReshipDbContext db, string name, string key = "", CancellationToken cancellationToken = default) =>
        await db.Tallies.AsNoTracking().Where(t => t.Name == name && t.Day == null && t.Key == key).SumAsync(t => t.Count, cancellationToken);

    /// <summary>A day tally's sums per (day, key, courier) over shop days <paramref name="from"/> … <paramref name="to"/>, both included.</summary>
    public static async Task<List<TallyRow>> TallyDaysAsync(this ReshipDbContext db, string name, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        var (first, last) = (TallyRules.DayNumber(from), TallyRules.DayNumber(to));
        var sums = await db.Tallies.AsNoTracking().Where(t => t.Name == name && t.Day >= first && t.Day <= last)
            .GroupBy(t => new { t.Day, t.Key, t.Carrier })
            .Select(g => new { g.Key.Day, g.Key.Key, g.Key.Carrier, Count = g.Sum(t => t.Count), Quantity = g.Sum(t => t.Quantity), Amount = g.Sum(t => t.AmountFen) })
            .ToListAsync(cancellationToken);
        return sums.Select(s => new TallyRow(name, s.Day, s.Key, s.Carrier, s.Count, s.Quantity, s.Amount)).Where(r => !r.IsZero).ToList();
    }

    /// <summary>A day tally's sums per (key, courier) over shop days <paramref name="from"/> … <paramref name="to"/>, both included (no day).</summary>
    public static async Task<List<TallyRow>> TallyPeriodAsync(this ReshipDbContext db, string name, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        var (first, last) = (TallyRules.DayNumber(from), TallyRules.DayNumber(to));
        var sums = await db.Tallies.AsNoTracking().Where(t => t.Name == name && t.Day >= first && t.Day <= last)
            .GroupBy(t => new { t.Key, t.Carrier })
            .Select(g => new { g.Key.Key, g.Key.Carrier, Count = g.Sum(t => t.Count), Quantity = g.Sum(t => t.Quantity), Amount = g.Sum(t => t.AmountFen) })
            .ToListAsync(cancellationToken);
        return sums.Select(s => new TallyRow(name, null, s.Key, s.Carrier, s.Count, s.Quantity, s.Amount)).Where(r => !r.IsZero).ToList();
    }

    public static DateOnly DateOf(int day) => new(day / 10000, day / 100 % 100, day % 100);
}

namespace ReshipDashboard.Data.Tallies;

/// <summary>
/// One change to a running total (counts, pieces, fen) under a name and key, optionally per shop-local day and per
/// courier. Rows are only ever inserted, as the difference a save made: a total is the sum of its rows, so writers
/// never read-modify-write and never wait on each other. <see cref="TallyCompaction"/> folds old rows together.
/// </summary>
public sealed class Tally
{
    private Tally() { }

    public Tally(TallyRow row)
    {
        Name = row.Name;
        Day = row.Day;
        Key = row.Key;
        Carrier = row.Carrier;
        Count = row.Count;
        Quantity = row.Quantity;
        AmountFen = row.AmountFen;
    }

    public long Id { get; private set; }

    /// <summary>What is counted, e.g. <c>reissues.status</c> (see <see cref="TallyNames"/>).</summary>
    public string Name { get; private set; } = "";

    /// <summary>The shop-local day as yyyymmdd; null for totals over all time.</summary>
    public int? Day { get; private set; }

    public string Key { get; private set; } = "";

    /// <summary>The courier whose freight the row's reissues cost (priced when read, at the current rates); "" when none.</summary>
    public string Carrier { get; private set; } = "";

    public long Count { get; private set; }
    public long Quantity { get; private set; }
    public long AmountFen { get; private set; }

    /// <summary>Added by <see cref="TallyInterceptor"/> for the save under way (not mapped): dropped and worked out again if that save is retried.</summary>
    internal bool IsDelta { get; init; }

    public TallyRow ToRow() => new(Name, Day, Key, Carrier, Count, Quantity, AmountFen);
}

/// <summary>A tally's value under its address (name, day, key, courier).</summary>
public sealed record TallyRow(string Name, int? Day, string Key, string Carrier, long Count, long Quantity = 0, long AmountFen = 0)
{
    public (string Name, int? Day, string Key, string Carrier) Address => (Name, Day, Key, Carrier);

    public bool IsZero => Count == 0 && Quantity == 0 && AmountFen == 0;
}

namespace ReshipDashboard.Data.Seeding;

/// <summary>Configuration section `Seed`: how large a demo shop to create on an empty Development database.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Orders in the demo shop; 1000000 makes the large shop used by the benchmarks.</summary>
    public int Orders { get; set; } = 3000;

    /// <summary>Fixed so that every fresh demo shop is the same.</summary>
    public int RandomSeed { get; set; } = 20261126;

    public bool Enabled { get; set; } = true;

    /// <summary>Password of the Development demo accounts admin, warehouse and support.</summary>
    public string DemoPassword { get; set; } = "Demo@12345";
}

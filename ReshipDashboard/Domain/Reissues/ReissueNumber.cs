using System.Text.RegularExpressions;

namespace ReshipDashboard.Domain.Reissues;

/// <summary>补发单号: BF + the shop-local date yyMMdd + a 6-digit number counted per day.</summary>
public static partial class ReissueNumber
{
    [GeneratedRegex(@"^BF[0-9]{12}$")]
    private static partial Regex Shape();

    public static string Prefix(DateOnly shopDate) => $"BF{shopDate:yyMMdd}";

    public static string Format(DateOnly shopDate, int counter) => $"{Prefix(shopDate)}{counter:D6}";

    public static bool IsValid(string? value) => value is not null && Shape().IsMatch(value);

    /// <summary>The counter after <paramref name="latest"/> (the highest number of that day), 1 when there is none.</summary>
    public static int NextCounter(string? latest) =>
        latest is { Length: 14 } && int.TryParse(latest.AsSpan(8), out var n) ? n + 1 : 1;
}

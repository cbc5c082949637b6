using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Shipments;

/// <summary>A courier the shop ships with, and the shape of its tracking numbers (after normalising).</summary>
public sealed partial record Courier(string Code, string ChineseName, string EnglishName, Regex Pattern)
{
    public static readonly Courier SF = new("SF", "顺丰速运", "SF Express", SfPattern());
    public static readonly Courier ZTO = new("ZTO", "中通快递", "ZTO Express", ZtoPattern());
    public static readonly Courier YTO = new("YTO", "圆通速递", "YTO Express", YtoPattern());
    public static readonly Courier STO = new("STO", "申通快递", "STO Express", StoPattern());
    public static readonly Courier YD = new("YD", "韵达快递", "Yunda Express", YdPattern());
    public static readonly Courier JD = new("JD", "京东物流", "JD Logistics", JdPattern());
    public static readonly Courier EMS = new("EMS", "中国邮政 EMS", "China Post EMS", EmsPattern());
    public static readonly Courier JTSD = new("JTSD", "极兔速递", "J&T Express", JtPattern());
    public static readonly Courier DBL = new("DBL", "德邦快递", "Deppon Express", DblPattern());
    public static readonly Courier Other = new("OTHER", "其他", "Other", OtherPattern());

    public static IReadOnlyList<Courier> All { get; } = [SF, ZTO, YTO, STO, YD, JD, EMS, JTSD, DBL, Other];

    /// <summary>The couriers with a specific number format (all but 其他).</summary>
    public static IReadOnlyList<Courier> Specific { get; } = All.Where(c => c != Other).ToList();

    public string DisplayName(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh" ? ChineseName : EnglishName;

    /// <summary>
    /// Finds a courier as people write it: its code, full Chinese or English name, or a common short name or
    /// alias (顺丰, 中通, 邮政 …), ignoring case, full/half width and spaces.
    /// </summary>
    public static Courier? Find(string? codeOrName)
    {
        var key = NameKey(codeOrName);
        return key.Length == 0 ? null : ByName.GetValueOrDefault(key);
    }

    /// <summary>The known courier whose name or alias is closest to an unknown one (edit distance), or null when none is close.</summary>
    public static Courier? Closest(string? name)
    {
        var key = NameKey(name);
        if (key.Length == 0) return null;
        var best = ByName
            .Select(kv => (Courier: kv.Value, Distance: EditDistance(key, kv.Key), kv.Key))
            .Where(x => x.Distance <= Math.Max(1, x.Key.Length / 2) || x.Key.Contains(key, StringComparison.Ordinal) || key.Contains(x.Key, StringComparison.Ordinal))
            .OrderBy(x => x.Distance).ThenByDescending(x => CommonPrefix(key, x.Key)).FirstOrDefault();
        return best.Courier;
    }

    /// <summary>Every name the courier is known by (code, names and aliases).</summary>
    public IEnumerable<string> Names => [Code, ChineseName, EnglishName, .. AliasesOf(Code)];

    private static readonly Dictionary<string, Courier> ByName = BuildNames();

    private static Dictionary<string, Courier> BuildNames()
    {
        var names = new Dictionary<string, Courier>(StringComparer.Ordinal);
        foreach (var c in All)
            foreach (var n in c.Names)
                names.TryAdd(NameKey(n), c);
        return names;
    }

    // Short names and aliases as staff and ERPs write them (the names of AliasTexts).
    private static IEnumerable<string> AliasesOf(string code) => code switch
    {
        "SF" => ["顺丰", "顺丰快递", "顺丰速递", "SFEXPRESS"],
        "ZTO" => ["中通", "中通速递", "中通快运"],
        "YTO" => ["圆通", "圆通快递"],
        "STO" => ["申通", "申通速递"],
        "YD" => ["韵达", "韵达速递", "YUNDA"],
        "JD" => ["京东", "京东快递", "JDL"],
        "EMS" => ["邮政", "中国邮政", "邮政EMS", "中国邮政EMS", "邮政快递包裹", "CHINAPOST"],
        "JTSD" => ["极兔", "极兔快递", "J&T", "JT", "JTEXPRESS"],
        "DBL" => ["德邦", "德邦物流", "DEPPON"],
        _ => ["其它"],
    };

    /// <summary>NFKC (full-width to half-width), spaces dropped, upper-case: how names are compared.</summary>
    private static string NameKey(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var s = TextInput.Normalise(name);
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
            if (!char.IsWhiteSpace(ch)) sb.Append(char.ToUpperInvariant(ch));
        return sb.ToString();
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The couriers whose number format fits a number (after normalising), all but 其他.</summary>
    public static IReadOnlyList<Courier> Fitting(string? number)
    {
        var normalised = TrackingNumber.Normalise(number);
        return normalised.Length == 0 ? [] : Specific.Where(c => c.Accepts(normalised)).ToList();
    }

    public static Courier FromCode(string code) =>
        All.First(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    public bool Accepts(string normalisedNumber) => Pattern.IsMatch(normalisedNumber);

    [GeneratedRegex(@"^SF[A-Z0-9][0-9]{12}$")] private static partial Regex SfPattern();
    [GeneratedRegex(@"^7[3-68][0-9]{12}$")] private static partial Regex ZtoPattern();
    [GeneratedRegex(@"^YT[0-9]{13}$")] private static partial Regex YtoPattern();
    [GeneratedRegex(@"^(77|43)[0-9]{12,15}$")] private static partial Regex StoPattern();
    [GeneratedRegex(@"^[34][0-9]{14}$|^5[0-9]{12}$")] private static partial Regex YdPattern();
    [GeneratedRegex(@"^JD[A-Z0-9]{2}[0-9]{11}$")] private static partial Regex JdPattern();
    [GeneratedRegex(@"^[981][0-9]{12}$|^P[A-Z][0-9]{11}$")] private static partial Regex EmsPattern();
    [GeneratedRegex(@"^JT[0-9]{13}$")] private static partial Regex JtPattern();
    [GeneratedRegex(@"^DPK[0-9]{12}$")] private static partial Regex DblPattern();
    [GeneratedRegex(@"^[A-Z0-9-]{6,40}$")] private static partial Regex OtherPattern();
}

/// <summary>Normalising and checking tracking numbers as staff type or scan them.</summary>
public static class TrackingNumber
{
    /// <summary>NFKC (full-width to ASCII), trim, drop inner spaces and every dash (en/em dashes too), upper-case.</summary>
    public static string Normalise(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return string.Empty;
        var s = TextInput.Normalise(raw);
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch) || ch == '-' || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.DashPunctuation) continue;
            sb.Append(char.ToUpperInvariant(ch));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Checks a number against its courier. Returns null when it fits; otherwise the message key and
    /// arguments: the courier's name and, where another courier's format matches, that courier as a suggestion.
    /// </summary>
    public static TrackingProblem? Check(Courier courier, string normalised)
    {
        if (normalised.Length == 0) return new TrackingProblem("请填写物流单号", null);
        if (courier.Accepts(normalised)) return null;
        var suggestion = Courier.Specific.FirstOrDefault(c => c != courier && c.Accepts(normalised));
        return new TrackingProblem(
            suggestion is null ? "物流单号不符合{0}的格式" : "物流单号不符合{0}的格式，这看起来是{1}的单号",
            suggestion);
    }
}

/// <summary>Why a tracking number was refused; <see cref="Suggestion"/> is a courier whose format it fits.</summary>
public sealed record TrackingProblem(string MessageKey, Courier? Suggestion);

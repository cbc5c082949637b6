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

    /// <summary>Finds a courier by its code or its Chinese name (as typed in upload files), case-insensitively.</summary>
    public static Courier? Find(string? codeOrName)
    {
        if (string.IsNullOrWhiteSpace(codeOrName)) return null;
        var key = TextInput.Normalise(codeOrName);
        return All.FirstOrDefault(c =>
            string.Equals(c.Code, key, StringComparison.OrdinalIgnoreCase)
            || c.ChineseName == key
            || c.ChineseName.Replace(" ", "") == key.Replace(" ", "")
            || string.Equals(c.EnglishName, key, StringComparison.OrdinalIgnoreCase));
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
    /// <summary>NFKC (full-width to ASCII), trim, drop inner spaces and dashes, upper-case.</summary>
    public static string Normalise(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return string.Empty;
        var s = TextInput.Normalise(raw);
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch) || ch == '-') continue;
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

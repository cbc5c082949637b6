using System.Globalization;
using System.Text;
using ReshipDashboard.Domain.Common;
using System.Text.RegularExpressions;

namespace ReshipDashboard.Domain.Orders;

/// <summary>Pinduoduo-style order numbers: the shop-local date yyMMdd, a dash, 15 digits.</summary>
public static partial class OrderNumber
{
    [GeneratedRegex(@"^[0-9]{6}-[0-9]{15}$")]
    private static partial Regex Shape();

    /// <summary>
    /// NFKC (full-width digits typed with a Chinese IME), trim, inner spaces dropped, and every dash (en dash,
    /// em dash, minus sign …) read as `-`. Only ASCII digits count as digits: others stay and fail the shape.
    /// </summary>
    public static string Normalise(string? raw)
    {
        var s = TextInput.Normalise(raw);
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch)) continue;
            sb.Append(ch == '\u2212' || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.DashPunctuation ? '-' : ch);
        }
        return sb.ToString();
    }

    public static bool IsValid(string? normalised) => normalised is not null && Shape().IsMatch(normalised);

    /// <summary>What a malformed order number is told, wherever it is typed or sent.</summary>
    public const string FormatMessage = "订单号格式应为 6 位日期、短横线和 15 位数字，如 241126-512345678901234";

    /// <summary>The normalised number; a missing or malformed one is refused (400) on <paramref name="field"/>.</summary>
    public static string Require(string? raw, string field = "orderNo")
    {
        var number = Normalise(raw);
        if (number.Length == 0) throw DomainException.Invalid(field, "请填写订单号");
        if (!IsValid(number)) throw DomainException.Invalid(field, FormatMessage);
        return number;
    }

    public static string Create(DateOnly shopDate, Random random)
    {
        Span<char> digits = stackalloc char[15];
        for (var i = 0; i < digits.Length; i++) digits[i] = (char)('0' + random.Next(10));
        return $"{shopDate:yyMMdd}-{digits}";
    }
}

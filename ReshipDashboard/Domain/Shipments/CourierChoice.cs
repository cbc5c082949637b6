using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Shipments;

/// <summary>
/// Which courier a tracking number belongs to, as staff, files and ERPs give it: a courier written any common
/// way, or none — then the number's format decides when exactly one courier fits it.
/// </summary>
public static class CourierChoice
{
    /// <summary>The shortest number any courier issues (after normalising).</summary>
    public const int MinLength = 6;

    /// <summary>
    /// Resolves the courier for a number (already normalised). <paramref name="detected"/> is true when the
    /// courier was left blank and taken from the number's format. Throws a clear refusal otherwise.
    /// </summary>
    public static Courier Resolve(string? carrier, string normalisedNumber, out bool detected)
    {
        detected = false;
        if (!string.IsNullOrWhiteSpace(carrier)) return Require(carrier);
        if (ShapeProblem(normalisedNumber) is { } shape) throw shape;
        var fits = Courier.Fitting(normalisedNumber);
        if (fits.Count == 1)
        {
            detected = true;
            return fits[0];
        }
        if (fits.Count > 1)
            throw DomainException.Invalid("carrier", "单号符合多家快递公司的格式（{0}），请选择快递公司",
                string.Join("、", fits.Select(c => c.ChineseName)));
        throw DomainException.Invalid("carrier", "单号不符合任何快递公司的格式，请检查单号或选择快递公司");
    }

    /// <summary>A courier written any common way; an unknown name is refused, naming the closest known courier.</summary>
    public static Courier Require(string? carrier, string field = "carrier")
    {
        if (Courier.Find(carrier) is { } courier) return courier;
        if (string.IsNullOrWhiteSpace(carrier)) throw DomainException.Invalid(field, "请选择快递公司");
        return Courier.Closest(carrier) is { } closest
            ? throw DomainException.Invalid(field, "未知的快递公司：{0}，是不是{1}？", carrier.Trim(), closest.ChineseName)
            : throw DomainException.Invalid(field, "未知的快递公司：{0}", carrier.Trim());
    }

    /// <summary>What is wrong with a number whatever its courier: empty, too short, or characters no courier uses.</summary>
    public static DomainException? ShapeProblem(string normalisedNumber)
    {
        if (normalisedNumber.Length == 0) return DomainException.Invalid("trackingNo", "请填写物流单号");
        if (!normalisedNumber.All(ch => char.IsAsciiDigit(ch) || char.IsAsciiLetterUpper(ch)))
            return DomainException.Invalid("trackingNo", "物流单号只能包含字母和数字：{0}", normalisedNumber);
        if (normalisedNumber.Length < MinLength)
            return DomainException.Invalid("trackingNo", "物流单号只有 {0} 位，太短了（至少 {1} 位），请检查是否扫全", normalisedNumber.Length, MinLength);
        return null;
    }
}

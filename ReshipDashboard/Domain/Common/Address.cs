namespace ReshipDashboard.Domain.Common;

/// <summary>A Chinese shipping address: recipient, phone, province / city / district and the street detail.</summary>
public sealed record Address(string Name, string Phone, string Province, string City, string District, string Detail)
{
    public string Region => $"{Province} {City} {District}";

    public string MaskedPhone => PhoneMask.Mask(Phone);

    public override string ToString() => $"{Name} {MaskedPhone} {Province}{City}{District}{Detail}";

    public const int MaxName = 50;
    public const int MaxRegionPart = 30;
    public const int MaxDetail = 200;

    /// <summary>Checks each part; returns the field name, message key and its argument (a limit) of the first problem, or null.</summary>
    public (string Field, string MessageKey, object? Limit)? FindProblem()
    {
        if (string.IsNullOrWhiteSpace(Name)) return ("address.name", "请填写收件人", null);
        if (TextInput.Length(Name) > MaxName) return ("address.name", "收件人最多 {0} 个字", MaxName);
        if (!PhoneMask.IsValid(Phone)) return ("address.phone", "手机号格式不正确", null);
        if (string.IsNullOrWhiteSpace(Province)) return ("address.province", "请填写省份", null);
        if (TextInput.Length(Province) > MaxRegionPart) return ("address.province", "省份最多 {0} 个字", MaxRegionPart);
        if (string.IsNullOrWhiteSpace(City)) return ("address.city", "请填写城市", null);
        if (TextInput.Length(City) > MaxRegionPart) return ("address.city", "城市最多 {0} 个字", MaxRegionPart);
        if (string.IsNullOrWhiteSpace(District)) return ("address.district", "请填写区县", null);
        if (TextInput.Length(District) > MaxRegionPart) return ("address.district", "区县最多 {0} 个字", MaxRegionPart);
        if (string.IsNullOrWhiteSpace(Detail)) return ("address.detail", "请填写详细地址", null);
        if (TextInput.Length(Detail) > MaxDetail) return ("address.detail", "详细地址最多 {0} 个字", MaxDetail);
        foreach (var (field, value) in new[] { ("address.name", Name), ("address.province", Province), ("address.city", City), ("address.district", District), ("address.detail", Detail) })
            if (TextInput.HasLoneSurrogate(value) || TextInput.HasControlCharacter(value)) return (field, "含有无效字符", null);
        return null;
    }

    public void EnsureValid()
    {
        if (FindProblem() is { } p) throw DomainException.Invalid(p.Field, p.MessageKey, p.Limit is { } limit ? [limit] : []);
    }
}

public static class PhoneMask
{
    /// <summary>Mainland mobile numbers: 11 digits starting with 1.</summary>
    public static bool IsValid(string? phone) =>
        phone is { Length: 11 } && phone[0] == '1' && phone.All(char.IsAsciiDigit);

    /// <summary>138****5678: the first three and last four digits stay visible.</summary>
    public static string Mask(string? phone) =>
        phone is { Length: >= 7 } ? string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(phone.Length - 4)) : "****";
}

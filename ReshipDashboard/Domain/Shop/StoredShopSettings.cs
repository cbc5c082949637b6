using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Shop;

/// <summary>The rules the owner may change, in whole hours and days as the settings panel shows them.</summary>
public sealed record ShopRuleValues(
    int ReshipAnswerHours,
    OverdueReshipAction OverdueReshipAction,
    int EscalateAfterRejectionDays,
    int AutoConfirmReceiptDays,
    int MaxReissuesPerOrder,
    int DueSoonHours,
    int ReissueShipWithinHours)
{
    public static ShopRuleValues Of(ShopSettings s) => new(
        (int)Math.Round(s.ReshipAnswerWithin.TotalHours), s.OverdueReshipAction, (int)Math.Round(s.EscalateAfterRejectionWithin.TotalDays),
        (int)Math.Round(s.AutoConfirmReceiptAfter.TotalDays), s.MaxReissuesPerOrder, (int)Math.Round(s.DueSoonWithin.TotalHours),
        (int)Math.Round(s.ReissueShipWithin.TotalHours));
}

/// <summary>
/// The shop's rules as the owner set them (one row). Configuration gives only the defaults; once the owner saves,
/// these values win, for every new deadline from then on.
/// </summary>
public sealed class StoredShopSettings : IVersioned
{
    public const int SingletonId = 1;

    private StoredShopSettings() { }

    public StoredShopSettings(ShopRuleValues values, DateTime nowUtc)
    {
        Id = SingletonId;
        Set(values, nowUtc);
    }

    public int Id { get; private set; }
    public int ReshipAnswerHours { get; private set; }
    public OverdueReshipAction OverdueReshipAction { get; private set; }
    public int EscalateAfterRejectionDays { get; private set; }
    public int AutoConfirmReceiptDays { get; private set; }
    public int MaxReissuesPerOrder { get; private set; }
    public int DueSoonHours { get; private set; }
    public int ReissueShipWithinHours { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    public Guid Version { get; set; }

    public ShopRuleValues Values => new(ReshipAnswerHours, OverdueReshipAction, EscalateAfterRejectionDays, AutoConfirmReceiptDays,
        MaxReissuesPerOrder, DueSoonHours, ReissueShipWithinHours);

    /// <summary>Checks every value against its range (the first problem is refused, naming the field) and stores them.</summary>
    public void Set(ShopRuleValues values, DateTime nowUtc)
    {
        Validate(values);
        (ReshipAnswerHours, OverdueReshipAction, EscalateAfterRejectionDays, AutoConfirmReceiptDays, MaxReissuesPerOrder, DueSoonHours, ReissueShipWithinHours) =
            (values.ReshipAnswerHours, values.OverdueReshipAction, values.EscalateAfterRejectionDays, values.AutoConfirmReceiptDays,
             values.MaxReissuesPerOrder, values.DueSoonHours, values.ReissueShipWithinHours);
        UpdatedAtUtc = nowUtc;
    }

    public static void Validate(ShopRuleValues v)
    {
        Range("reshipAnswerHours", "商家处理时限", v.ReshipAnswerHours, 1, 168);
        if (!Enum.IsDefined(v.OverdueReshipAction)) throw DomainException.Invalid("overdueReshipAction", "请选择超时未处理时的做法");
        Range("escalateAfterRejectionDays", "拒绝后可申请平台介入", v.EscalateAfterRejectionDays, 1, 30);
        Range("autoConfirmReceiptDays", "发货后自动确认收货", v.AutoConfirmReceiptDays, 1, 30);
        Range("maxReissuesPerOrder", "每单最多补发", v.MaxReissuesPerOrder, 1, 50);
        Range("dueSoonHours", "即将超时提醒", v.DueSoonHours, 1, 48);
        if (v.DueSoonHours >= v.ReshipAnswerHours)
            throw DomainException.Invalid("dueSoonHours", "即将超时提醒须短于商家处理时限（{0} 小时）", v.ReshipAnswerHours);
        Range("reissueShipWithinHours", "补发单发货时限", v.ReissueShipWithinHours, 1, 168);
    }

    /// <summary>The configured settings with these values in place of the defaults.</summary>
    public ShopSettings ApplyTo(ShopSettings defaults) => new()
    {
        Name = defaults.Name,
        TimeZone = defaults.TimeZone,
        ReshipAnswerWithin = TimeSpan.FromHours(ReshipAnswerHours),
        OverdueReshipAction = OverdueReshipAction,
        EscalateAfterRejectionWithin = TimeSpan.FromDays(EscalateAfterRejectionDays),
        AutoConfirmReceiptAfter = TimeSpan.FromDays(AutoConfirmReceiptDays),
        MaxReissuesPerOrder = MaxReissuesPerOrder,
        DueSoonWithin = TimeSpan.FromHours(DueSoonHours),
        ReissueShipWithin = TimeSpan.FromHours(ReissueShipWithinHours),
    };

    private static void Range(string field, string label, int value, int min, int max)
    {
        if (value < min || value > max) throw DomainException.Invalid(field, "{0}须在 {1}–{2} 之间", label, min, max);
    }
}

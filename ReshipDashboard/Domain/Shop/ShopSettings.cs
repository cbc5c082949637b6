namespace ReshipDashboard.Domain.Shop;

/// <summary>The shop's rules and deadlines (configuration section `Shop`); every value is shown in the UI.</summary>
public sealed class ShopSettings
{
    public const string Section = "Shop";

    public string Name { get; set; } = "拼拼优选旗舰店";

    /// <summary>IANA id of the shop's time zone; every shown time, "today" and deadline uses it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public TimeSpan ReshipAnswerWithin { get; set; } = TimeSpan.FromHours(48);

    /// <summary>What happens to a pending reship request whose answer time ran out.</summary>
    public OverdueReshipAction OverdueReshipAction { get; set; } = OverdueReshipAction.AutoApprove;

    public TimeSpan EscalateAfterRejectionWithin { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan AutoConfirmReceiptAfter { get; set; } = TimeSpan.FromDays(10);
    public int MaxReissuesPerOrder { get; set; } = 10;
    public TimeSpan DueSoonWithin { get; set; } = TimeSpan.FromHours(6);
    public TimeSpan ReissueShipWithin { get; set; } = TimeSpan.FromHours(48);

    public TimeZoneInfo ResolveTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("CST+08", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}

public enum OverdueReshipAction
{
    AutoApprove,
    Escalate,
}

namespace ReshipDashboard.Domain.Shop;

/// <summary>Turns the stored UTC times into the shop's local time and back; "today" is the shop's today.</summary>
public sealed class ShopClock(TimeProvider time, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateTimeOffset Now => ToShop(UtcNow);

    public DateTimeOffset ToShop(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), Zone);

    public DateTimeOffset? ToShop(DateTime? utc) => utc is { } u ? ToShop(u) : null;

    /// <summary>Midnight of a shop-local date, as UTC.</summary>
    public DateTime StartOfDayUtc(DateOnly shopDate)
    {
        var local = shopDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    public string Format(DateTime utc) => ToShop(utc).ToString("yyyy-MM-dd HH:mm");

    public string Format(DateTime? utc) => utc is { } u ? Format(u) : "—";
}

using System.Globalization;
using System.Text.Json.Serialization;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Features.Reports;

/// <summary>The period picker's choices; every one is whole days in the shop's time zone.</summary>
public enum PeriodKind
{
    Today,
    Last7Days,
    Last30Days,
    ThisMonth,
    Custom,
}

/// <summary>A report's period: shop-local days, both ends included, and the period it is compared with.</summary>
public sealed record ReportPeriod(PeriodKind Kind, DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    [JsonIgnore] public int Days => To.DayNumber - From.DayNumber + 1;

    [JsonIgnore] public IEnumerable<DateOnly> EachDay => Enumerable.Range(0, Days).Select(From.AddDays);

    /// <summary>This month is compared with the whole previous month; every other period with as many days just before it.</summary>
    [JsonIgnore] public ReportPeriod Previous => Kind == PeriodKind.ThisMonth
        ? new(PeriodKind.Custom, new DateOnly(From.Year, From.Month, 1).AddMonths(-1), new DateOnly(From.Year, From.Month, 1).AddDays(-1))
        : new(PeriodKind.Custom, From.AddDays(-Days), From.AddDays(-1));

    public (DateTime FromUtc, DateTime ToUtc) Utc(ShopClock clock) => (clock.StartOfDayUtc(From), clock.StartOfDayUtc(To.AddDays(1)));

    public static ReportPeriod Of(PeriodKind kind, DateOnly today, DateOnly? from = null, DateOnly? to = null) => kind switch
    {
        PeriodKind.Today => new(kind, today, today),
        PeriodKind.Last7Days => new(kind, today.AddDays(-6), today),
        PeriodKind.Last30Days => new(kind, today.AddDays(-29), today),
        PeriodKind.ThisMonth => new(kind, new DateOnly(today.Year, today.Month, 1), today),
        _ => Custom(from, to),
    };

    private static ReportPeriod Custom(DateOnly? from, DateOnly? to)
    {
        if (from is not { } f || to is not { } t) throw DomainException.Invalid("period", "请选择开始和结束日期");
        if (f > t) throw DomainException.Invalid("period", "开始日期不能晚于结束日期");
        if (t.DayNumber - f.DayNumber + 1 > MaxDays) throw DomainException.Invalid("period", "时间段最长 {0} 天", MaxDays);
        return new(PeriodKind.Custom, f, t);
    }

    /// <summary>Reads the period from a query string (period=today|7d|30d|month|custom, from, to); bad input falls back to 30 days.</summary>
    public static ReportPeriod Parse(string? period, string? from, string? to, DateOnly today)
    {
        var kind = period switch
        {
            "today" => PeriodKind.Today,
            "7d" => PeriodKind.Last7Days,
            "month" => PeriodKind.ThisMonth,
            "custom" => PeriodKind.Custom,
            _ => PeriodKind.Last30Days,
        };
        try
        {
            return Of(kind, today, ParseDay(from), ParseDay(to));
        }
        catch (DomainException)
        {
            return Of(PeriodKind.Last30Days, today);
        }
    }

    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string Word(PeriodKind kind) => kind switch
    {
        PeriodKind.Today => "today",
        PeriodKind.Last7Days => "7d",
        PeriodKind.ThisMonth => "month",
        PeriodKind.Custom => "custom",
        _ => "30d",
    };

    /// <summary>The query string that reproduces this period.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Query() =>
    [
        new("period", Word(Kind)),
        new("from", Kind == PeriodKind.Custom ? Day(From) : null),
        new("to", Kind == PeriodKind.Custom ? Day(To) : null),
    ];

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

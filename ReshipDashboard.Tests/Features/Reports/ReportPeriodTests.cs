using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Reports;
using ReshipDashboard.Features.Settings.FreightRates;

namespace ReshipDashboard.Tests.Features.Reports;

public sealed class ReportPeriodTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    [Theory]
    [InlineData("today", "2026-11-26", "2026-11-26", "2026-11-25", "2026-11-25")]
    [InlineData("7d", "2026-11-20", "2026-11-26", "2026-11-13", "2026-11-19")]
    [InlineData("30d", "2026-10-28", "2026-11-26", "2026-09-28", "2026-10-27")]
    [InlineData("month", "2026-11-01", "2026-11-26", "2026-10-01", "2026-10-31")]
    [InlineData("nonsense", "2026-10-28", "2026-11-26", "2026-09-28", "2026-10-27")]
    public void QuickChoices_AreShopDays_WithTheirPreviousPeriod(string word, string from, string to, string prevFrom, string prevTo)
    {
        var period = ReportPeriod.Parse(word, null, null, Today);

        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (period.From, period.To));
        Assert.Equal((DateOnly.Parse(prevFrom), DateOnly.Parse(prevTo)), (period.Previous.From, period.Previous.To));
    }

    [Fact]
    public void Custom_RefusesBackwardsAndOverlongPeriods_WithAMessage()
    {
        var backwards = Assert.Throws<DomainException>(() => ReportPeriod.Of(PeriodKind.Custom, Today, new(2026, 11, 20), new(2026, 11, 10)));
        Assert.Equal("开始日期不能晚于结束日期", backwards.MessageKey);
        Assert.Throws<DomainException>(() => ReportPeriod.Of(PeriodKind.Custom, Today, new(2024, 1, 1), new(2026, 1, 1)));
        Assert.Equal(PeriodKind.Last30Days, ReportPeriod.Parse("custom", "2026-11-20", "2026-11-10", Today).Kind);
    }

    [Theory]
    [InlineData("8", 800)]
    [InlineData("12.34", 1234)]
    [InlineData("¥0.5", 50)]
    [InlineData("１２．５", 1250)]
    [InlineData("1000", 100_000)]
    public void FreightInput_ReadsYuanIntoFenExactly(string text, long fen)
    {
        Assert.True(FreightInput.TryParseFen(text, out var parsed));
        Assert.Equal(fen, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.234")]
    [InlineData("-1")]
    [InlineData("1000.01")]
    [InlineData("八元")]
    public void FreightInput_RefusesWhatIsNotAnAmount(string text) => Assert.False(FreightInput.TryParseFen(text, out _));
}

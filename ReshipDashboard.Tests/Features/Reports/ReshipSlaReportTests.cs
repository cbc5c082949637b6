using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Reports;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Reports;

/// <summary>Every figure of 补寄时效 over <see cref="KnownShop"/>'s requests Q1–Q10, worked out by hand.</summary>
public sealed class ReshipSlaReportTests : IAsyncLifetime
{
    private KnownShop _shop = null!;
    private ReshipSlaReport _report = null!;

    public async Task InitializeAsync()
    {
        _shop = await KnownShop.CreateAsync();
        _report = await _shop.SlaReport().BuildAsync(KnownShop.Period);
    }

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    [Fact]
    public void Totals_AreExact()
    {
        var t = _report.Total;
        Assert.Equal(9, t[SlaOutcome.Received]);
        Assert.Equal(6, t[SlaOutcome.Answered]);
        Assert.Equal(5, t[SlaOutcome.AnsweredWithin]);
        Assert.Equal(1, t[SlaOutcome.AnsweredLate]);
        Assert.Equal(1, t[SlaOutcome.AutoApproved]);
        Assert.Equal(2, t[SlaOutcome.Escalated]);
        Assert.Equal(1, t[SlaOutcome.RuledForShop]);
        Assert.Equal(1, t[SlaOutcome.RuledAgainstShop]);
        Assert.Equal(1, t[SlaOutcome.Unanswered]);
        // Answers took 1, 2, 4, 6, 10 and 50 hours: nearest-rank median the 3rd, 90th percentile the 6th.
        Assert.Equal(H(4), t.MedianAnswer);
        Assert.Equal(H(50), t.P90Answer);
        Assert.Equal(83.3m, t.WithinRate);
    }

    [Fact]
    public void PerAccount_NamesWhoAnswered()
    {
        Assert.Equal(["support", ReshipSlaFilter.Nobody, "API:erp", "admin"], _report.ByAccount.Select(a => a.AnsweredBy));
        var support = _report.ByAccount[0].Counts;
        Assert.Equal((3, 3, 0), (support[SlaOutcome.Answered], support[SlaOutcome.AnsweredWithin], support[SlaOutcome.AnsweredLate]));
        Assert.Equal((H(2), H(10)), (support.MedianAnswer, support.P90Answer));
        var erp = _report.ByAccount[2].Counts;
        Assert.Equal((1, 0, 1), (erp[SlaOutcome.Answered], erp[SlaOutcome.AnsweredWithin], erp[SlaOutcome.AnsweredLate]));
        Assert.Equal(H(50), erp.MedianAnswer);
        Assert.Equal(H(6), _report.ByAccount[1].Counts.MedianAnswer);
        Assert.Equal(H(4), _report.ByAccount[3].Counts.MedianAnswer);
    }

    [Fact]
    public void PerReason_AndPerShanghaiDay_AreExact()
    {
        var byReason = _report.ByReason.ToDictionary(r => r.Reason, r => r.Counts);
        Assert.Equal((3, 2, 1), (byReason[ReshipReason.Damaged][SlaOutcome.Received], byReason[ReshipReason.Damaged][SlaOutcome.AnsweredWithin], byReason[ReshipReason.Damaged][SlaOutcome.AutoApproved]));
        Assert.Equal((2, 1, 1), (byReason[ReshipReason.Lost][SlaOutcome.Received], byReason[ReshipReason.Lost][SlaOutcome.AnsweredWithin], byReason[ReshipReason.Lost][SlaOutcome.Unanswered]));
        Assert.Equal((2, 1, 1), (byReason[ReshipReason.MissingItem][SlaOutcome.Received], byReason[ReshipReason.MissingItem][SlaOutcome.AnsweredWithin], byReason[ReshipReason.MissingItem][SlaOutcome.AnsweredLate]));
        Assert.Equal((1, 1, 1), (byReason[ReshipReason.Other][SlaOutcome.Received], byReason[ReshipReason.Other][SlaOutcome.Escalated], byReason[ReshipReason.Other][SlaOutcome.RuledForShop]));
        Assert.Equal((1, 1, 1), (byReason[ReshipReason.WrongItem][SlaOutcome.AnsweredWithin], byReason[ReshipReason.WrongItem][SlaOutcome.Escalated], byReason[ReshipReason.WrongItem][SlaOutcome.RuledAgainstShop]));
        Assert.Equal(0, byReason[ReshipReason.ShortShipped][SlaOutcome.Received]);

        Assert.Equal(
        [
            new SlaDay(new(2026, 11, 20), 1, 1, 0, 0), new SlaDay(new(2026, 11, 21), 3, 1, 1, 0), new SlaDay(new(2026, 11, 22), 2, 1, 0, 2),
            new SlaDay(new(2026, 11, 23), 2, 2, 0, 0), new SlaDay(new(2026, 11, 24), 0, 0, 0, 0), new SlaDay(new(2026, 11, 25), 1, 0, 0, 0),
        ], _report.Days);
    }

    [Fact]
    public async Task EveryFigure_LinksToExactlyItsRequestsInTheQueue()
    {
        var queue = _shop.Queries();
        async Task<int> Count(ReshipSlaFilter f) =>
            (await queue.QueueAsync(new ReshipQueueQuery(ReshipStatus.Pending, Sla: f))).Counts.Values.Sum();
        var (from, to) = (KnownShop.Period.From, KnownShop.Period.To);

        foreach (var outcome in Enum.GetValues<SlaOutcome>())
            Assert.Equal(_report.Total[outcome], await Count(new(from, to, outcome)));
        foreach (var account in _report.ByAccount)
            foreach (var outcome in new[] { SlaOutcome.Answered, SlaOutcome.AnsweredWithin, SlaOutcome.AnsweredLate })
                Assert.Equal(account.Counts[outcome], await Count(new(from, to, outcome, AnsweredBy: account.AnsweredBy)));
        foreach (var reason in _report.ByReason)
            foreach (var outcome in ReshipSlaReport.Outcomes)
                Assert.Equal(reason.Counts[outcome], await Count(new(from, to, outcome, reason.Reason)));
        foreach (var day in _report.Days)
        {
            Assert.Equal(day.Received, await Count(new(day.Day, day.Day)));
            Assert.Equal(day.AnsweredWithin, await Count(new(day.Day, day.Day, SlaOutcome.AnsweredWithin)));
            Assert.Equal(day.AutoApproved, await Count(new(day.Day, day.Day, SlaOutcome.AutoApproved)));
            Assert.Equal(day.Escalated, await Count(new(day.Day, day.Day, SlaOutcome.Escalated)));
        }
    }

    [Fact]
    public async Task Warehouse_IsRefusedTheSlaReport()
    {
        var e = await Assert.ThrowsAsync<DomainException>(() => _shop.SlaReport(TestActors.As(Roles.Warehouse)).BuildAsync(KnownShop.Period));
        Assert.Equal(DomainErrorKind.Forbidden, e.Kind);
    }

    [Fact]
    public void Percentile_IsNearestRank()
    {
        Assert.Null(ReshipSlaReportService.Percentile([], 50));
        Assert.Equal(H(1), ReshipSlaReportService.Percentile([H(1)], 90));
        Assert.Equal(H(2), ReshipSlaReportService.Percentile([H(1), H(2), H(3), H(4)], 50));
        Assert.Equal(H(4), ReshipSlaReportService.Percentile([H(1), H(2), H(3), H(4)], 90));
    }
}

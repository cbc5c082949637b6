using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Data.Tallies;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Settings.FreightRates;

namespace ReshipDashboard.Features.Reports;

/// <summary>
/// 补发损耗: what the period's reissues (cancelled ones left out) cost — goods at the original order's unit prices
/// plus the courier's freight — and where they come from. Read from the day tallies every save keeps current in its
/// own transaction (<see cref="TallyRules"/>): a few hundred rows per period, whatever the shop's size. Freight is
/// priced here, at the owner's current rates, from each tally row's count per courier.
/// </summary>
public sealed class ReissueCostReportService(IDbContextFactory<ReshipDbContext> factory, AccessGuard guard)
{
    public async Task<ReissueCostReport> BuildAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.ReportsCost);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rates = await FreightRateService.RatesAsync(db, cancellationToken);
        // Only the trend needs days: every other breakdown is summed over the period by the database.
        Task<List<TallyRow>> Read(string name, ReportPeriod p) => db.TallyPeriodAsync(name, p.From, p.To, cancellationToken);

        var scenarios = await db.TallyDaysAsync(TallyNames.CostByScenario, period.From, period.To, cancellationToken);
        var provinces = await Read(TallyNames.CostByProvince, period);
        var origins = await Read(TallyNames.CostByOrigin, period);
        var skus = await Read(TallyNames.CostBySku, period);
        var duplicates = await Read(TallyNames.CostDuplicates, period);
        var parcels = (await Read(TallyNames.OriginalParcels, period)).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (int)g.Sum(r => r.Count));
        var previousReissues = (int)(await Read(TallyNames.CostByScenario, period.Previous)).Sum(r => r.Count);
        var previousShipped = (int)(await Read(TallyNames.OriginalParcels, period.Previous)).Sum(r => r.Count);

        long Freight(TallyRow r) => r.Count * FreightRateService.FreightFor(rates, r.Carrier.Length == 0 ? null : r.Carrier);
        CostLine Line(string key, IEnumerable<TallyRow> rows)
        {
            var list = rows.ToList();
            return new CostLine(key, (int)list.Sum(r => r.Count), list.Sum(r => r.AmountFen), list.Sum(Freight));
        }

        var byDay = scenarios.GroupBy(r => TallyQueries.DateOf(r.Day!.Value))
            .ToDictionary(g => g.Key, g => (Count: (int)g.Sum(r => r.Count), Cost: g.Sum(r => r.AmountFen + Freight(r))));
        var days = period.EachDay.Select(d => byDay.TryGetValue(d, out var v) ? new CostDay(d, v.Count, v.Cost) : new CostDay(d, 0, 0)).ToList();

        var byScenario = Enum.GetValues<ReissueScenario>()
            .Select(s => new ScenarioLine(s, Line(ApiWords.Of(s), scenarios.Where(r => r.Key == ApiWords.Of(s))))).ToList();

        var topSkus = skus.Select(r => (Parts: Split(r.Key), Row: r))
            .GroupBy(x => x.Parts.First, StringComparer.Ordinal)
            .Select(g => new SkuLine(g.Key, NameOf(g.Select(x => (x.Parts.Second, x.Row.Count))),
                (int)g.Sum(x => x.Row.Quantity), (int)g.Sum(x => x.Row.Count), g.Sum(x => x.Row.AmountFen)))
            .OrderByDescending(s => s.GoodsFen).ThenByDescending(s => s.Quantity).ThenBy(s => s.Sku, StringComparer.Ordinal)
            .Take(ReissueCostReport.TopSkuCount).ToList();

        var byOrigin = origins.Select(r => (Parts: Split(r.Key), Row: r)).Where(x => x.Parts.First.Length > 0)
            .ToLookup(x => x.Parts.First, StringComparer.Ordinal);
        var couriers = parcels.Keys.Concat(byOrigin.Select(g => g.Key)).Distinct(StringComparer.Ordinal)
            .Select(code =>
            {
                var mine = byOrigin[code].ToList();
                int Count(ReissueScenario s) => (int)mine.Where(x => x.Parts.Second == ApiWords.Of(s)).Sum(x => x.Row.Count);
                return new CourierLine(code, parcels.GetValueOrDefault(code), (int)mine.Sum(x => x.Row.Count),
                    Count(ReissueScenario.Intercepted), Count(ReissueScenario.DamagedReturned), mine.Sum(x => x.Row.AmountFen + Freight(x.Row)));
            })
            .OrderByDescending(c => c.Reissues).ThenByDescending(c => c.OriginalParcels).ThenBy(c => c.Carrier, StringComparer.Ordinal).ToList();

        var byProvince = provinces.GroupBy(r => r.Key, StringComparer.Ordinal).Select(g => Line(g.Key, g))
            .OrderByDescending(p => p.CostFen).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();

        return new ReissueCostReport(period, Line("total", scenarios), parcels.Values.Sum(), previousReissues, previousShipped,
            Line("duplicates", duplicates), days, byScenario, topSkus, couriers, byProvince);
    }

    private static (string First, string Second) Split(string key)
    {
        var at = key.IndexOf(TallyNames.KeySeparator);
        return at < 0 ? (key, "") : (key[..at], key[(at + 1)..]);
    }

    /// <summary>A SKU's name as most of its reissues give it.</summary>
    private static string NameOf(IEnumerable<(string Name, long Count)> names) =>
        names.GroupBy(n => n.Name, StringComparer.Ordinal).OrderByDescending(g => g.Sum(n => n.Count)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .First().Key;
}

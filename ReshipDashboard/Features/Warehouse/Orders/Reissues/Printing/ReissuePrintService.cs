using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ZXing;
using ZXing.Common;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues.Printing;

/// <summary>One packing slip (发货单): one reissue, what to pack and where to send it, with its number as a barcode.</summary>
public sealed record PackingSlip(
    int Id, string ReissueNo, string OrderNo, int Sequence, Address Address, IReadOnlyList<LineItem> Items, string? Remark, string BarcodeSvg);

/// <summary>One line of the pick list (拣货单): a SKU summed over the selection.</summary>
public sealed record PickLine(string Sku, string Name, int Quantity, int Reissues);

/// <summary>What one print run holds: the pick list and a slip per reissue.</summary>
public sealed record PrintRun(string ShopName, DateTime PrintedAtUtc, IReadOnlyList<PickLine> PickList, IReadOnlyList<PackingSlip> Slips);

/// <summary>Which reissues to print: chosen ones by id, or the whole 待手工发货 tab.</summary>
public sealed record PrintSelection(IReadOnlyList<int> Ids, bool AllAwaitingManual = false);

/// <summary>
/// 打印拣货单 / 发货单 for selected reissues or the whole 待手工发货 tab. A run marks each reissue printed (the list
/// shows when) and records it in the audit trail, in the same transaction.
/// </summary>
public sealed class ReissuePrintService(
    IDbContextFactory<ReshipDbContext> factory, ShopClock clock, CurrentActor actor, IOptions<ShopSettings> settings)
{
    public const int MaxSlips = 500;

    private readonly AccessGuard _guard = new(actor);

    public async Task<PrintRun> PrintAsync(PrintSelection selection, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.TrackingEdit);
        var ids = selection.Ids.Distinct().ToList();
        if (!selection.AllAwaitingManual && ids.Count == 0) throw DomainException.Invalid("ids", "请先选择要打印的补发单");
        if (ids.Count > MaxSlips) throw DomainException.Invalid("ids", "一次最多打印 {0} 张发货单（已选 {1} 张）", MaxSlips, ids.Count);

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var query = db.Reissues.Include(r => r.Order).AsQueryable();
        query = selection.AllAwaitingManual
            ? query.Where(r => r.Status == ReissueStatus.AwaitingManualTracking)
            : query.Where(r => ids.Contains(r.Id));
        var count = await query.CountAsync(cancellationToken);
        if (count == 0) throw DomainException.Invalid("ids", "没有可打印的补发单");
        if (count > MaxSlips) throw DomainException.Invalid("ids", "一次最多打印 {0} 张发货单（已选 {1} 张）", MaxSlips, count);
        var reissues = await query.OrderBy(r => r.ShipByUtc).ThenBy(r => r.Id).ToListAsync(cancellationToken);

        var now = clock.UtcNow;
        foreach (var r in reissues) r.MarkPrinted(now, actor.Actor, reissues.Count);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);

        var slips = reissues.Select(r => new PackingSlip(r.Id, r.ReissueNo, r.Order.OrderNo, r.Sequence, r.Address, r.Items, r.Remark,
            Barcode(r.ReissueNo))).ToList();
        return new PrintRun(settings.Value.Name, now, PickList(slips), slips);
    }

    /// <summary>SKUs summed over the slips, sorted by SKU.</summary>
    public static IReadOnlyList<PickLine> PickList(IEnumerable<PackingSlip> slips) =>
        slips.SelectMany(s => s.Items.Select(i => (Slip: s.Id, Item: i)))
            .GroupBy(x => x.Item.Sku, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PickLine(g.Key, g.First().Item.Name, g.Sum(x => x.Item.Quantity), g.Select(x => x.Slip).Distinct().Count()))
            .ToList();

    /// <summary>The reissue number as a Code 128 barcode (SVG markup), made by ZXing.Net.</summary>
    public static string Barcode(string text)
    {
        var writer = new BarcodeWriterSvg
        {
            Format = BarcodeFormat.CODE_128,
            Options = new EncodingOptions { Height = 60, Width = 300, Margin = 4, PureBarcode = true },
        };
        return writer.Write(text).Content;
    }
}

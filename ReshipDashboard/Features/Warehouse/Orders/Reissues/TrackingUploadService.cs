using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

public enum UploadVerdict
{
    Ok,
    Unchanged,
    UnknownReissue,
    NotAwaitingNumber,
    BadFormat,
    DuplicateInUpload,
    UsedElsewhere,
}

/// <summary>The verdict on one row; <see cref="ReasonKey"/> (with its arguments) says why a row is refused.</summary>
public sealed record UploadRowVerdict(
    UploadRow Source, UploadVerdict Verdict, int? ReissueId, string? ReissueNo, string? Carrier, string? TrackingNo,
    string? ReasonKey = null, object?[]? ReasonArgs = null)
{
    public bool IsRejected => Verdict is not (UploadVerdict.Ok or UploadVerdict.Unchanged);

    public string? Reason(IStringLocalizer localizer) =>
        ReasonKey is null ? null : UserMessages.Format(localizer, ReasonKey, ReasonArgs ?? []);
}

public sealed record UploadReport(IReadOnlyList<UploadRowVerdict> Rows, bool Applied)
{
    public int OkCount => Rows.Count(r => r.Verdict == UploadVerdict.Ok);
    public int UnchangedCount => Rows.Count(r => r.Verdict == UploadVerdict.Unchanged);
    public IEnumerable<UploadRowVerdict> Rejected => Rows.Where(r => r.IsRejected);
    public int RejectedCount => Rows.Count(r => r.IsRejected);
}

/// <summary>
/// 批量上传物流单号: judges every row against the stored reissues and tracking numbers with a few set-based
/// queries, and applies the valid rows in one transaction (all of them or, on a fault, none), written set-based too.
/// </summary>
public sealed class TrackingUploadService(IDbContextFactory<ReshipDbContext> factory, ReissuePipeline pipeline, CurrentActor actor)
{
    private readonly AccessGuard _guard = new(actor);

    public async Task<UploadReport> PreviewAsync(IReadOnlyList<UploadRow> rows, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (verdicts, _) = await JudgeAsync(db, rows, tracked: false, cancellationToken);
        return new UploadReport(verdicts, Applied: false);
    }

    public async Task<UploadReport> ApplyAsync(IReadOnlyList<UploadRow> rows, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.TrackingUpload);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        try
        {
            // Judged inside the transaction (SQLite holds the write lock from BEGIN), so nothing changes underneath.
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var (verdicts, reissues) = await JudgeAsync(db, rows, tracked: true, cancellationToken);
            var ok = verdicts.Where(v => v.Verdict == UploadVerdict.Ok).ToList();
            if (ok.Count > 0)
            {
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                for (var i = 0; i < ok.Count; i++)
                {
                    var v = ok[i];
                    pipeline.Ship(reissues[v.ReissueId!.Value], Courier.FromCode(v.Carrier!), v.TrackingNo!, actor.Actor, automatic: false);
                    if (i % 500 == 0) progress?.Report(0.5 * i / ok.Count);
                }
                db.Audit(actor.Actor, pipeline.UtcNow, AuditSubjects.Reissue, 0, null, "tracking_upload", null, null,
                    $"批量上传物流单号：{rows.Count} 行，发货 {ok.Count}，未变 {verdicts.Count(v => v.Verdict == UploadVerdict.Unchanged)}，拒绝 {verdicts.Count(v => v.IsRejected)}");
                progress?.Report(0.6);
                // Thousands of rows of a few shapes: written a table at a time, not a statement per row.
                await db.SaveChangesInSetsAsync(cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
            progress?.Report(1);
            return new UploadReport(verdicts, Applied: true);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.ChangedByOthers();
        }
    }

    private async Task<(List<UploadRowVerdict> Verdicts, Dictionary<int, ReissueOrder> Reissues)> JudgeAsync(
        ReshipDbContext db, IReadOnlyList<UploadRow> rows, bool tracked, CancellationToken cancellationToken)
    {
        var parsed = rows.Select(Parse).ToList();

        var numbers = parsed.Where(p => p.ReissueNo is not null).Select(p => p.ReissueNo!).Distinct().ToList();
        var ids = parsed.Where(p => p.ReissueId is not null).Select(p => p.ReissueId!.Value).Distinct().ToList();
        IQueryable<ReissueOrder> query = db.Reissues.Include(r => r.Order).Include(r => r.ReshipRequest);
        if (!tracked) query = query.AsNoTracking();
        // EF.Parameter keeps each list one JSON parameter, whatever the row count.
        var found = await query
            .Where(r => EF.Parameter(numbers).Contains(r.ReissueNo) || EF.Parameter(ids).Contains(r.Id))
            .ToListAsync(cancellationToken);
        var byId = found.ToDictionary(r => r.Id);
        var byNo = found.ToDictionary(r => r.ReissueNo, StringComparer.Ordinal);

        var trackingNumbers = parsed.Where(p => p.Number is not null).Select(p => p.Number!).Distinct().ToList();
        var holders = (await db.Shipments.AsNoTracking()
                .Where(s => EF.Parameter(trackingNumbers).Contains(s.TrackingNo))
                .Select(s => new { s.TrackingNo, s.ReissueId, OrderNo = db.Orders.Where(o => o.Id == s.OrderId).Select(o => o.OrderNo).FirstOrDefault() })
                .ToListAsync(cancellationToken))
            .ToDictionary(h => h.TrackingNo, StringComparer.Ordinal);

        foreach (var p in parsed)
        {
            p.Reissue = p.ReissueNo is not null ? byNo.GetValueOrDefault(p.ReissueNo)
                : p.ReissueId is { } id ? byId.GetValueOrDefault(id) : null;
        }
        var reissueClash = parsed.Where(p => p.Reissue is not null).GroupBy(p => p.Reissue!.Id)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var numberClash = parsed.Where(p => p.Number is not null && p.Problem is null).GroupBy(p => p.Number!)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);

        var verdicts = new List<UploadRowVerdict>(parsed.Count);
        foreach (var p in parsed)
        {
            var r = p.Reissue;
            UploadRowVerdict Verdict(UploadVerdict v, string? key = null, params object?[] args) =>
                new(p.Row, v, r?.Id, r?.ReissueNo, p.Courier?.Code ?? p.Row.Carrier, p.Number ?? p.Row.TrackingNo, key, args);

            if (p.Problem is { } problem && p.ProblemIsReissue)
                verdicts.Add(Verdict(UploadVerdict.UnknownReissue, problem.Key, problem.Args));
            else if (r is null)
                verdicts.Add(Verdict(UploadVerdict.UnknownReissue, "未找到补发单 {0}", p.Row.Reissue));
            else if (p.Problem is { } format)
                verdicts.Add(Verdict(UploadVerdict.BadFormat, format.Key, format.Args));
            else if (reissueClash.Contains(r.Id))
                verdicts.Add(Verdict(UploadVerdict.DuplicateInUpload, "补发单 {0} 在文件中出现多次", r.ReissueNo));
            else if (numberClash.Contains(p.Number!))
                verdicts.Add(Verdict(UploadVerdict.DuplicateInUpload, "物流单号 {0} 在文件中出现多次", p.Number));
            else if (r.TrackingNo == p.Number && r.Carrier == p.Courier!.Code && r.Status is ReissueStatus.Shipped or ReissueStatus.Delivered)
                verdicts.Add(Verdict(UploadVerdict.Unchanged));
            else if (!r.IsAwaitingNumber)
                verdicts.Add(Verdict(UploadVerdict.NotAwaitingNumber, "补发单当前状态为{0}，不能填写物流单号", ApiWords.Of(r.Status)));
            else if (holders.TryGetValue(p.Number!, out var holder))
                verdicts.Add(Verdict(UploadVerdict.UsedElsewhere, "物流单号 {0} 已被订单 {1} 使用", p.Number, holder.OrderNo));
            else if (p.Detected)
                verdicts.Add(Verdict(UploadVerdict.Ok, "快递公司按单号识别为{0}", p.Courier!.ChineseName));
            else
                verdicts.Add(Verdict(UploadVerdict.Ok));
        }
        return (verdicts, byId);
    }

    private sealed class ParsedRow(UploadRow row)
    {
        public UploadRow Row { get; } = row;
        public string? ReissueNo { get; set; }
        public int? ReissueId { get; set; }
        public Courier? Courier { get; set; }
        public bool Detected { get; set; }
        public string? Number { get; set; }
        public (string Key, object?[] Args)? Problem { get; set; }
        public bool ProblemIsReissue { get; set; }
        public ReissueOrder? Reissue { get; set; }
    }

    private static ParsedRow Parse(UploadRow row)
    {
        var p = new ParsedRow(row);
        // Not a tracking number: a dash or a sign inside it is no separator to drop (`1-32` is no reissue 132).
        var reference = TextInput.Normalise(row.Reissue).Replace(" ", "").ToUpperInvariant();
        if (reference.Length == 0)
        {
            p.Problem = ("请填写补发单号", []);
            p.ProblemIsReissue = true;
        }
        else if (ReissueNumber.IsValid(reference)) p.ReissueNo = reference;
        else if (reference.All(char.IsAsciiDigit) && int.TryParse(reference, out var id) && id > 0) p.ReissueId = id;
        else
        {
            p.Problem = ("未找到补发单 {0}", [row.Reissue]);
            p.ProblemIsReissue = true;
        }

        var number = TrackingNumber.Normalise(row.TrackingNo);
        p.Number = number.Length == 0 ? null : number;
        if (p.Problem is not null) return p;
        try
        {
            (p.Courier, _) = ReissuePipeline.ParseTracking(row.Carrier, row.TrackingNo, out var detected);
            p.Detected = detected;
        }
        catch (DomainException e)
        {
            p.Problem = (e.MessageKey, e.Arguments);
        }
        return p;
    }
}

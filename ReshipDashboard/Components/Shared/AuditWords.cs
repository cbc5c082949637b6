using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Accounts;

namespace ReshipDashboard.Components.Shared;

/// <summary>
/// A timeline line in people's words, in the reader's language. The audit trail stores words (statuses, reasons,
/// couriers as API words) and, in older entries, notes composed in Chinese: both are read back here. What people
/// typed stays as typed.
/// </summary>
public static partial class AuditWords
{
    public static string Actor(IStringLocalizer l, Actor actor) => actor.Kind switch
    {
        ActorKind.ApiKey => $"API · {actor.Name}",
        ActorKind.System => l[actor.Name],
        _ => actor.Name,
    };

    /// <summary>The subject's name and the number people know it by (its #id where it has none); no number for an entry about no single record.</summary>
    public static string Subject(IStringLocalizer l, AuditLine line)
    {
        var name = Word(l, "audit", line.Subject);
        var number = line.SubjectNo ?? (line.SubjectId > 0 && line.Subject != AuditSubjects.ShopSettings ? $"#{line.SubjectId}" : null);
        return number is null ? name : $"{name} {number}";
    }

    public static string Action(IStringLocalizer l, string action) => Word(l, "action", action);

    /// <summary>The statuses before and after; nothing when the status did not change.</summary>
    public static string? Change(IStringLocalizer l, AuditLine line)
    {
        if (line.ToStatus is null || line.FromStatus == line.ToStatus) return null;
        var to = State(l, line.Subject, line.ToStatus);
        return line.FromStatus is null ? $"→ {to}" : $"{State(l, line.Subject, line.FromStatus)} → {to}";
    }

    /// <summary>The note in the reader's words; null when it has nothing the line does not already say.</summary>
    public static string? Details(IStringLocalizer l, AuditLine line)
    {
        if (line.Note is not { Length: > 0 } note || note == line.SubjectNo || note == "-") return null;
        Match m;
        switch (line.Action)
        {
            case "submitted" or "modified" when (m = Revision().Match(note)).Success:
                return $"{l["第 {0} 版", m.Groups[1].Value]} · {Word(l, "reason", m.Groups[2].Value)}";
            case "rejected" when (m = HeadAndRest().Match(note)).Success:
                return Join(Word(l, "rejection", m.Groups[1].Value), m.Groups[2].Value);
            case "platform_decided" when (m = HeadAndRest().Match(note)).Success:
                var rest = m.Groups[2].Value;
                var limit = AtLimit().Match(rest);
                return Join(m.Groups[1].Value switch { "buyer" => l["裁决支持买家"], "merchant" => l["裁决支持商家"], var other => other },
                    limit.Success ? Join(l["订单已有 {0} 个补发单（上限），按平台裁决仍补发", limit.Groups[1].Value], limit.Groups[2].Value) : rest);
            case "opened" or "created" when line.Subject == AuditSubjects.AfterSale:
                return Word(l, "aftersale", note);
            case "closed" when line.Subject == AuditSubjects.AfterSale && (m = RequestEnded().Match(note)).Success:
                return $"{l["补寄申请 #{0}", m.Groups[1].Value]} · {Word(l, "status", m.Groups[2].Value)}";
            case "created" when line.Subject == AuditSubjects.Reissue && (m = ReissueCreated().Match(note)).Success:
                return string.Join(" · ", new[] { l["第{0}次补发", m.Groups[1].Value], Word(l, "source", m.Groups[2].Value), Word(l, "scenario", m.Groups[3].Value) }.Distinct());
            case "shipped" when line.Subject == AuditSubjects.ReshipRequest && (m = ReissueAndParcel().Match(note)).Success:
                return $"{m.Groups[1].Value} · {Labels.Courier(m.Groups[2].Value)} {m.Groups[3].Value}";
            case "created" or "updated" when line.Subject == AuditSubjects.Product && (m = HeadAndRest().Match(note)).Success
                && long.TryParse(m.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var fen):
                return $"{m.Groups[1].Value} {Labels.Money(fen)}";
            case "shipped" or "created" or "replaced_parcel_delivered" or "tracking_undone" when (m = Parcel().Match(note)).Success:
                return $"{Labels.Courier(m.Groups[1].Value)} {m.Groups[2].Value}";
            case "tracking_corrected" when (m = Correction().Match(note)).Success:
                return Join($"{Labels.Courier(m.Groups[1].Value)} {m.Groups[2].Value} → {Labels.Courier(m.Groups[3].Value)} {m.Groups[4].Value}", m.Groups[5].Value);
            case "courier_event" or "courier_event_stale" when (m = CourierEvent().Match(note)).Success:
                return $"{Word(l, "status", m.Groups[1].Value)} · {m.Groups[2].Value} {m.Groups[3].Value}";
            case "waybill_failed" when (m = WaybillFailure().Match(note)).Success:
                return $"{l[m.Groups[1].Value]} · {(m.Groups[2].Success ? l["{0} 分钟后自动重试", m.Groups[2].Value] : l["自动重试已用完，需人工处理"])}";
            case "printed" when (m = Printed().Match(note)).Success:
                return l["同批打印 {0} 张", m.Groups[1].Value];
            case "reissue_limit_flagged" when (m = LimitFlagged().Match(note)).Success:
                return $"{l["售后单"]} #{m.Groups[1].Value} · {l["包裹 {0}", line.RelatedNo ?? "#" + m.Groups[2].Value]}";
            case "tracking_upload" when (m = Upload().Match(note)).Success:
                return l["{0} 行：发货 {1}，未变 {2}，拒绝 {3}", m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value];
            case "freight_changed" when (m = HeadAndRest().Match(note)).Success:
                return $"{Labels.Courier(m.Groups[1].Value)} {m.Groups[2].Value}";
            case "settings_changed":
                return string.Join("; ", note.Split("; ").Select(part => SettingChange().Match(part) is { Success: true } s
                    ? $"{l[SettingLabel(s.Groups[1].Value)]} {Setting(l, s.Groups[2].Value)} → {Setting(l, s.Groups[3].Value)}" : part));
        }
        // Notes the system wrote are fixed phrases (resource keys); what people typed is shown as typed.
        return line.Actor.Kind == ActorKind.System ? l[note] : note;
    }

    /// <summary>A status word; accounts' roles read as the role's name.</summary>
    private static string State(IStringLocalizer l, string subject, string word) =>
        subject == AuditSubjects.Account && Roles.All.Contains(word) ? l[Roles.Label(word)] : Word(l, "status", word);

    private static string Setting(IStringLocalizer l, string value) => value switch
    {
        "auto_approve" => l["自动同意"],
        "escalate" => l["自动申请平台介入"],
        _ => value,
    };

    /// <summary>The settings dialog's label of a setting the audit names by its API word.</summary>
    private static string SettingLabel(string name) => name switch
    {
        "reshipAnswerHours" => "商家处理时限（小时）",
        "overdueReshipAction" => "超时未处理",
        "escalateAfterRejectionDays" => "拒绝后可申请平台介入（天）",
        "autoConfirmReceiptDays" => "发货后自动确认收货（天）",
        "maxReissuesPerOrder" => "每单最多补发（次）",
        "dueSoonHours" => "即将超时提醒（小时）",
        "reissueShipWithinHours" => "补发单发货时限（小时）",
        _ => name,
    };

    private static string Word(IStringLocalizer l, string family, string word) =>
        l[$"{family}.{word}"] is { ResourceNotFound: false } label ? label.Value : word;

    private static string Join(string head, string? rest) => string.IsNullOrWhiteSpace(rest) ? head : $"{head} · {rest.Trim()}";

    [GeneratedRegex(@"^第(\d+)版 (\w+)$")]
    private static partial Regex Revision();

    [GeneratedRegex(@"^(\S+) ?(.*)$", RegexOptions.Singleline)]
    private static partial Regex HeadAndRest();

    [GeneratedRegex(@"^订单已有 (\d+) 个补发单（上限），按平台裁决仍补发 ?(.*)$", RegexOptions.Singleline)]
    private static partial Regex AtLimit();

    [GeneratedRegex(@"^补寄申请 (\d+) (\w+)$")]
    private static partial Regex RequestEnded();

    [GeneratedRegex(@"^\S+ #(\d+) (\w+) (\w+)$")]
    private static partial Regex ReissueCreated();

    [GeneratedRegex(@"^(\S+) (\S+) (\S+)$")]
    private static partial Regex ReissueAndParcel();

    [GeneratedRegex(@"^(\S+) (\S+)$")]
    private static partial Regex Parcel();

    [GeneratedRegex(@"^(\S*) (\S*) → (\S+) (\S+)：(.*)$", RegexOptions.Singleline)]
    private static partial Regex Correction();

    [GeneratedRegex(@"^(\w+) (\d{4}-\d\d-\d\d)T(\d\d:\d\d)")]
    private static partial Regex CourierEvent();

    [GeneratedRegex(@"^(.*)（(?:(\d+) 分钟后自动重试|自动重试已用完，需人工处理)）$")]
    private static partial Regex WaybillFailure();

    [GeneratedRegex(@"×(\d+)$")]
    private static partial Regex Printed();

    [GeneratedRegex(@"after_sale/(\d+) shipment/(\d+)")]
    private static partial Regex LimitFlagged();

    [GeneratedRegex(@"(\d+) 行，发货 (\d+)，未变 (\d+)，拒绝 (\d+)")]
    private static partial Regex Upload();

    [GeneratedRegex(@"^(\w+) (\S+)→(\S+)$")]
    private static partial Regex SettingChange();
}

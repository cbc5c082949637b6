using System.Globalization;
using System.Text.RegularExpressions;
using Bunit;
using ReshipDashboard.Components.Shared;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Localization;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Components.Shared;

/// <summary>Every kind of timeline line reads in people's words, in Chinese and in English; what people typed stays as typed.</summary>
[Trait("Category", "Component")]
public sealed partial class AuditTimelineTests : MudTestContext
{
    private static readonly DateTime At = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Actor Owner = Actor.Person("admin");
    private static readonly Actor Platform = Actor.ApiKey("platform");

    private static AuditLine Line(Actor actor, string subject, int id, string action, string? from = null, string? to = null, string? note = null,
        string? number = null, string? related = null) =>
        new(At, actor, subject, id, action, from, to, note) { SubjectNo = number, RelatedNo = related };

    /// <summary>A line as stored, what it reads in Chinese and in English, and the text in it that someone typed.</summary>
    private static readonly Dictionary<string, (AuditLine Line, string Zh, string En, string? Typed)> Cases = new()
    {
        ["account locked"] = (Line(Owner, AuditSubjects.Account, 3, "locked", "active", "locked", "warehouse", "warehouse"),
            "admin · 账号 warehouse · 锁定账号 · 正常 → 已锁定", "admin · Account warehouse · Account locked · Active → Locked", null),
        ["role changed"] = (Line(Owner, AuditSubjects.Account, 3, "role_changed", "support", "warehouse", "warehouse", "warehouse"),
            "账号 warehouse · 修改角色 · 客服 → 仓库", "Account warehouse · Role changed · Support → Warehouse", null),
        ["locked out"] = (Line(Actor.Person("bob"), AuditSubjects.Account, 0, "sign_in_locked_out", note: "IP 127.0.0.1"),
            "bob · 账号 · 登录失败，账号已锁定 · IP 127.0.0.1", "bob · Account · Sign-in failed, account locked · IP 127.0.0.1", null),
        ["submitted"] = (Line(Platform, AuditSubjects.ReshipRequest, 5, "submitted", null, "pending", "第1版 lost"),
            "API · platform · 补寄申请 #5 · 提交申请 · → 待商家处理 · 第 1 版 · 丢件",
            "API · platform · Reship request #5 · Submitted · → Pending · Rev. 1 · Lost", null),
        ["upload"] = (Line(Owner, AuditSubjects.Reissue, 0, "tracking_upload", note: "批量上传物流单号：3 行，发货 2，未变 0，拒绝 1"),
            "admin · 补发单 · 批量上传物流单号 · 3 行：发货 2，未变 0，拒绝 1", "admin · Reissue · Bulk tracking upload · 3 rows: 2 shipped, 0 unchanged, 1 refused", null),
        ["reissue created"] = (Line(Actor.System, AuditSubjects.Reissue, 7, "created", null, "awaiting_manual_tracking", "BF2611260001 #2 manual intercepted", "BF2611260001"),
            "系统 · 补发单 BF2611260001 · 创建 · → 待手工发货 · 第2次补发 · 手工创建 · 拦截成功后再次发货",
            "System · Reissue BF2611260001 · Created · → Awaiting manual tracking · Reissue #2 · Manual · Intercepted, ship again", null),
        ["reissue shipped"] = (Line(Owner, AuditSubjects.Reissue, 7, "shipped", "awaiting_manual_tracking", "shipped", "ZTO 731234567890123", "BF2611260001"),
            "补发单 BF2611260001 · 发货 · 待手工发货 → 已发货 · 中通快递 731234567890123",
            "Reissue BF2611260001 · Shipped · Awaiting manual tracking → Shipped · ZTO Express 731234567890123", null),
        ["corrected"] = (Line(Owner, AuditSubjects.Reissue, 7, "tracking_corrected", "shipped", "shipped", "ZTO 731234567890123 → YTO YT1234567890123：贴错面单", "BF2611260001"),
            "更正物流单号 · 中通快递 731234567890123 → 圆通速递 YT1234567890123 · 贴错面单",
            "Tracking number corrected · ZTO Express 731234567890123 → YTO Express YT1234567890123 · 贴错面单", "贴错面单"),
        ["rejected"] = (Line(Actor.Person("support"), AuditSubjects.ReshipRequest, 5, "rejected", "pending", "rejected", "no_quality_issue 图片显示完好"),
            "拒绝 · 待商家处理 → 已拒绝 · 商品无质量问题 · 图片显示完好", "Rejected · Pending → Rejected · No quality issue · 图片显示完好", "图片显示完好"),
        ["ruling at the limit"] = (Line(Platform, AuditSubjects.ReshipRequest, 5, "platform_decided", "platform_review", "approved", "buyer 订单已有 10 个补发单（上限），按平台裁决仍补发 证据充分"),
            "平台裁决 · 平台介入中 → 已同意待发货 · 裁决支持买家 · 订单已有 10 个补发单（上限），按平台裁决仍补发 · 证据充分",
            "Platform ruling · Under platform review → Approved, to ship · Ruled for the buyer · The order has 10 reissues (the limit); reissued anyway by the platform's ruling · 证据充分", "证据充分"),
        ["system phrase"] = (Line(Actor.System, AuditSubjects.ReshipRequest, 5, "auto_closed", "rejected", "closed", "拒绝后买家未在期限内申请平台介入"),
            "超时关闭 · 已拒绝 → 已关闭 · 拒绝后买家未在期限内申请平台介入", "Closed automatically · Rejected → Closed · The buyer did not escalate the rejection in time", null),
        ["after-sale closed"] = (Line(Platform, AuditSubjects.AfterSale, 9, "closed", "open", "closed", "补寄申请 5 withdrawn"),
            "售后单 #9 · 关闭 · 处理中 → 已关闭 · 补寄申请 #5 · 已撤销", "After-sale #9 · Closed · Open → Closed · Reship request #5 · Withdrawn", null),
        ["after-sale opened"] = (Line(Platform, AuditSubjects.AfterSale, 9, "opened", null, "open", "reship"),
            "售后单 #9 · 开启 · → 处理中 · 补寄", "After-sale #9 · Opened · → Open · Reship", null),
        ["waybill failed"] = (Line(Actor.System, AuditSubjects.Reissue, 7, "waybill_failed", "awaiting_tracking", "awaiting_tracking", "电子面单服务暂时无法取号（5 分钟后自动重试）", "BF2611260001"),
            "电子面单取号失败 · 电子面单服务暂时无法取号 · 5 分钟后自动重试",
            "E-waybill failed · The e-waybill service could not issue a number · retried automatically in 5 minutes", null),
        ["limit flagged"] = (Line(Actor.System, AuditSubjects.Order, 3, "reissue_limit_flagged", note: "after_sale/4 shipment/8", number: "241126-512345678901234", related: "731234567890123"),
            "订单 241126-512345678901234 · 补发已达上限 · 售后单 #4 · 包裹 731234567890123",
            "Order 241126-512345678901234 · Reissue limit reached · After-sale #4 · Parcel 731234567890123", null),
        ["printed"] = (Line(Actor.Person("warehouse"), AuditSubjects.Reissue, 7, "printed", "shipped", "shipped", "BF2611260001 ×3", "BF2611260001"),
            "打印发货单 · 同批打印 3 张", "Packing slip printed · 3 printed together", null),
        ["courier event"] = (Line(AuditLine.Courier, AuditSubjects.Shipment, 8, "courier_event", null, "delivered", null, "731234567890123"),
            "快递公司 · 包裹 731234567890123 · 快递状态更新 · → 已签收", "Courier · Shipment 731234567890123 · Courier update · → Delivered", null),
        ["settings"] = (Line(Owner, AuditSubjects.ShopSettings, 1, "settings_changed", note: "reissueShipWithinHours 48→24; overdueReshipAction auto_approve→escalate"),
            "店铺设置 · 修改店铺设置 · 补发单发货时限（小时） 48 → 24; 超时未处理 自动同意 → 自动申请平台介入",
            "Shop settings · Shop settings changed · Reissue ship-by window (hours) 48 → 24; When not answered in time Approve automatically → Escalate to the platform", null),
        ["product"] = (Line(Platform, AuditSubjects.Product, 2, "updated", note: "SKU-1 1990", number: "SKU-1"),
            "商品 SKU-1 · 修改 · SKU-1 ¥19.90", "Product SKU-1 · Updated · SKU-1 ¥19.90", null),
        ["product created"] = (Line(Platform, AuditSubjects.Product, 2, "created", note: "SKU-1 1990", number: "SKU-1"),
            "商品 SKU-1 · 创建 · SKU-1 ¥19.90", "Product SKU-1 · Created · SKU-1 ¥19.90", null),
    };

    public static TheoryData<string> Kinds() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachKindOfLine_ReadsInPeoplesWords_InBothLanguages(string kind)
    {
        var (line, zh, en, typed) = Cases[kind];

        Assert.Contains(zh, Text(line, LocalizationSetup.Chinese));
        var english = Text(line, LocalizationSetup.English);
        Assert.Contains(en, english);
        Assert.DoesNotMatch(Chinese(), typed is null ? english : english.Replace(typed, ""));
    }

    [Fact]
    public void LinesAboutTheTimelinesOwnRecord_DoNotNameIt_OthersDo()
    {
        var cut = Render<AuditTimeline>(p => p
            .Add(t => t.Lines, [Cases["reissue shipped"].Line, Cases["courier event"].Line])
            .Add(t => t.Own, AuditSubjects.Reissue));

        var items = cut.FindAll("li").Select(li => Normalise(li.TextContent)).ToList();
        Assert.DoesNotContain("BF2611260001", items[0]);
        Assert.Contains("包裹 731234567890123", items[1]);
    }

    [Fact]
    public void AnEmptyTimeline_SaysSo()
    {
        Assert.Equal("暂无操作记录", Normalise(Render<AuditTimeline>(p => p.Add(t => t.Lines, [])).Find("li").TextContent));
    }

    private string Text(AuditLine line, CultureInfo culture)
    {
        CultureInfo.CurrentUICulture = culture;
        var text = Normalise(Render<AuditTimeline>(p => p.Add(t => t.Lines, [line])).Find("li").TextContent);
        Assert.StartsWith("2026-11-26 10:00 · ", text);
        return text;
    }

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\u4e00-\u9fff]")]
    private static partial Regex Chinese();
}

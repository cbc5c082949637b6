using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.AfterSales.ReshipRequests;
using ReshipDashboard.Features.Reports;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Reports;

/// <summary>
/// A small shop (Asia/Shanghai) whose every report figure is known by hand, for the period 2026-11-20 … 2026-11-25
/// (UTC 11-19 16:00 … 11-25 16:00). Parcels and reissues sit on both sides of midnight Shanghai time at the
/// period's edges; one reissue is cancelled; one replaces a reissue's parcel; prices in odd fen.
/// </summary>
public sealed class KnownShop : IAsyncDisposable
{
    public static readonly ReportPeriod Period = new(PeriodKind.Custom, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 25));

    public const long PriceA = 1990, PriceB = 333, PriceC = 10, SfFreight = 1234;

    private static readonly ShopSettings Rules = new();
    private int _tracking, _reissueNo, _order;

    private KnownShop(TestDatabase database)
    {
        Database = database;
        ShopClock = new ShopClock(Time, Rules.ResolveTimeZone());
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
    public ShopClock ShopClock { get; }

    public static DateTime Utc(int day, int hour, int minute = 0, int second = 0) => new(2026, 11, day, hour, minute, second, DateTimeKind.Utc);

    public ReissueCostReportService CostReport(CurrentActor? actor = null) => new(Database, new AccessGuard(actor ?? TestActors.Owner()));

    public ReshipSlaReportService SlaReport(CurrentActor? actor = null) => new(Database, ShopClock, new AccessGuard(actor ?? TestActors.As(Roles.Support)));

    public ReissueService Reissues() => new(Database, new ReissuePipeline(ShopClock, Options.Create(Rules)), ShopClock, new WaybillSignal(), TestActors.Owner());

    public ReshipQueryService Queries() => new(Database, ShopClock, Options.Create(Rules));

    public ReshipDecisionService Decisions() => new(Writer(TestActors.Owner()), Queries(), TestActors.Owner());

    /// <summary>The buyer's side of a request, through the platform's key.</summary>
    public ReshipPlatformService Platform()
    {
        var key = TestActors.KeyWith("platform");
        return new(Database, Writer(key), new ReissuePipeline(ShopClock, Options.Create(Rules)), new ReshipRequestChanges(), key, ShopClock);
    }

    private ReshipRequestWriter Writer(CurrentActor actor) => new(Database, new ReissuePipeline(ShopClock, Options.Create(Rules)), new WaybillSignal(),
        new ReshipRequestChanges(), actor, ShopClock, Options.Create(Rules));

    public static async Task<KnownShop> CreateAsync()
    {
        var shop = new KnownShop(await TestDatabase.CreateAsync());
        await shop.SeedAsync();
        return shop;
    }

    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        db.CourierFreightRates.Add(new CourierFreightRate("SF", SfFreight, Utc(1, 0)));

        // O1: A×2 + B×3 by SF, intercepted; R1 at 23:59:59 on the 20th (Shanghai), shipped by SF; R1's parcel intercepted
        // too and R2 (a reissue of the reissue, A×1, no courier yet) at 00:00 on the 21st; then O1's own parcel is
        // delivered after all, so R1 duplicated it.
        var o1 = Order("浙江省", Utc(19, 20), [new("SKU-A", "保温杯", 2, PriceA), new("SKU-B", "杯刷", 3, PriceB)]);
        var p1 = o1.Ship(Courier.SF, Tracking(), Utc(20, 1));
        Event(o1, p1, ShipmentStatus.Intercepted, Utc(20, 5));
        var r1 = Reissue(o1, ReissueScenario.Intercepted, Utc(20, 15, 59, 59));
        r1.Ship(Courier.SF, Tracking(), Utc(20, 15, 59, 59), automatic: true);
        Event(o1, r1.Shipment!, ShipmentStatus.Intercepted, Utc(20, 15, 59, 59));
        Reissue(o1, ReissueScenario.Intercepted, Utc(20, 16), [new ItemQuantity("SKU-A", 1)]);
        Event(o1, p1, ShipmentStatus.Delivered, Utc(22, 3));

        // O2: C×5 by ZTO, returned damaged; R3 wants YTO (not shipped yet: the default freight).
        var o2 = Order("广东省", Utc(20, 20), [new("SKU-C", "吸管", 5, PriceC)]);
        var p2 = o2.Ship(Courier.ZTO, Tracking(), Utc(21, 3));
        Event(o2, p2, ShipmentStatus.Returned, Utc(22, 1));
        Reissue(o2, ReissueScenario.DamagedReturned, Utc(22, 4), carrier: "YTO");

        // O3: B×1 by YTO, intercepted; its reissue is cancelled and counts nowhere.
        var o3 = Order("江苏省", Utc(20, 20), [new("SKU-B", "杯刷", 1, PriceB)]);
        var p3 = o3.Ship(Courier.YTO, Tracking(), Utc(21, 4));
        Event(o3, p3, ShipmentStatus.Intercepted, Utc(22, 6));
        Reissue(o3, ReissueScenario.Intercepted, Utc(23, 1)).Cancel("买家不要了", Utc(23, 2));

        // O4: shipped and reissued one second before the period (23:59:59 on the 19th): the previous period.
        var o4 = Order("浙江省", Utc(19, 10), [new("SKU-A", "保温杯", 1, PriceA)]);
        var p4 = o4.Ship(Courier.SF, Tracking(), Utc(19, 15, 59));
        Event(o4, p4, ShipmentStatus.Intercepted, Utc(19, 15, 59, 30));
        Reissue(o4, ReissueScenario.Intercepted, Utc(19, 15, 59, 59));

        // O5 ships at the period's last second, O6 at the next period's first.
        Order("浙江省", Utc(25, 10), [new("SKU-C", "吸管", 1, PriceC)]).Ship(Courier.SF, Tracking(), Utc(25, 15, 59, 59));
        Order("浙江省", Utc(25, 10), [new("SKU-C", "吸管", 1, PriceC)]).Ship(Courier.JD, Tracking(), Utc(25, 16));

        // O7: shipped by ZTO in the previous period; its reship request (Q10) is approved and R6 sends A×1 to Beijing by ZTO.
        var o7 = Order("浙江省", Utc(13, 20), [new("SKU-A", "保温杯", 1, PriceA)]);
        o7.Ship(Courier.ZTO, Tracking(), Utc(14, 1));
        var beijing = new Address("李四", "13900001111", "北京市", "北京市", "朝阳区", "建国路 1 号");
        var q10 = Request(db, o7, ReshipReason.MissingItem, Utc(23, 2), beijing);
        var r6 = q10.Approve(Utc(23, 3), Actor.Person("support"), NextReissueNo(), Rules);
        r6.Ship(Courier.ZTO, Tracking(), Utc(23, 4), automatic: true);

        // Reship requests (answer within 48 h); each approval sends a reissue of C×1 from O8, which never shipped.
        var o8 = Order("上海市", Utc(10, 1), [new("SKU-C", "吸管", 1, PriceC)]);
        var q1 = Request(db, o8, ReshipReason.Damaged, Utc(20, 0));
        q1.Approve(Utc(20, 2), Actor.Person("support"), NextReissueNo(), Rules);
        var q2 = Request(db, o8, ReshipReason.Lost, Utc(20, 16));
        q2.Reject(RejectionReason.NoQualityIssue, "已核实", Utc(21, 2), Actor.Person("support"));
        var q3 = Request(db, o8, ReshipReason.Damaged, Utc(21, 1));
        q3.Approve(q3.DueAtUtc, Actor.System, NextReissueNo(), Rules);
        var q4 = Request(db, o8, ReshipReason.MissingItem, Utc(21, 2));
        q4.Reject(RejectionReason.FalseInfo, "信息不实", Utc(23, 4), Actor.ApiKey("erp"));
        var q5 = Request(db, o8, ReshipReason.Other, Utc(22, 0));
        q5.Escalate(Utc(22, 1), Rules);
        q5.Decide(PlatformOutcome.Merchant, Utc(23, 0));
        var q6 = Request(db, o8, ReshipReason.WrongItem, Utc(22, 5));
        q6.Reject(RejectionReason.NoQualityIssue, "颜色无误", Utc(22, 9), Actor.Person("admin"));
        q6.Escalate(Utc(22, 10), Rules);
        q6.Decide(PlatformOutcome.Buyer, Utc(23, 11), NextReissueNo(), Rules);
        Request(db, o8, ReshipReason.Lost, Utc(25, 1));
        var q8 = Request(db, o8, ReshipReason.Damaged, Utc(19, 15, 59, 59));
        q8.Approve(Utc(19, 17), Actor.Person("support"), NextReissueNo(), Rules);
        var q9 = Request(db, o8, ReshipReason.Damaged, Utc(23, 0));
        // Q9 was answered before answers named who gave them, as in an imported shop.
        q9.Approve(Utc(23, 6), Actor.System, NextReissueNo(), Rules);
        await db.SaveChangesAsync();

        // Who answered, as the services record it (Q9 has no record, as in an imported shop).
        db.Audit(Actor.Person("support"), Utc(20, 2), AuditSubjects.ReshipRequest, q1.Id, o8.Id, "approved");
        db.Audit(Actor.Person("support"), Utc(21, 2), AuditSubjects.ReshipRequest, q2.Id, o8.Id, "rejected");
        db.Audit(Actor.System, q3.DueAtUtc, AuditSubjects.ReshipRequest, q3.Id, o8.Id, "approved", note: "超时自动同意");
        db.Audit(Actor.ApiKey("erp"), Utc(23, 4), AuditSubjects.ReshipRequest, q4.Id, o8.Id, "rejected");
        db.Audit(Actor.Person("admin"), Utc(22, 9), AuditSubjects.ReshipRequest, q6.Id, o8.Id, "rejected");
        db.Audit(Actor.Person("support"), Utc(23, 3), AuditSubjects.ReshipRequest, q10.Id, o7.Id, "approved");
        db.Audit(Actor.Person("support"), Utc(19, 17), AuditSubjects.ReshipRequest, q8.Id, o8.Id, "approved");
        await db.SaveChangesAsync();

        ReshipRequest Request(ReshipDbContext context, Order order, ReshipReason reason, DateTime at, Address? address = null)
        {
            var afterSale = order.OpenAfterSale(AfterSaleType.Reship, reason.ChineseText(), null, at);
            var request = new ReshipRequest(order, afterSale, new ReshipContent(reason, null, address ?? order.Address,
                [new LineItem(order.Items[0].Sku, order.Items[0].Name, 1)]), at, Rules);
            context.Add(request);
            return request;
        }

        Order Order(string province, DateTime paidAt, OrderItem[] items)
        {
            var order = TestData.NewOrder(paidAt, $"2611{++_order:D2}-{_order:D15}", items, new Address("张三", "13812345678", province, "某市", "某区", "某路 1 号"));
            db.Orders.Add(order);
            return order;
        }
    }

    private ReissueOrder Reissue(Order order, ReissueScenario scenario, DateTime at, IReadOnlyList<ItemQuantity>? items = null, string? carrier = null) =>
        order.CreateReissue(new ReissueRequest(scenario, ReissueSource.Manual, items, Carrier: carrier), NextReissueNo(), 10, TimeSpan.FromHours(48), at);

    private static void Event(Order order, Shipment parcel, ShipmentStatus status, DateTime at)
    {
        parcel.ApplyCourierEvent(status, at, at);
        order.OnShipmentChanged(parcel, at);
    }

    private string NextReissueNo() => $"BF261120{++_reissueNo:D6}";

    private string Tracking() => $"T{++_tracking:D12}";

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

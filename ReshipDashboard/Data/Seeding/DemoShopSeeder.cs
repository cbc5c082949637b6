using System.Diagnostics;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Data.Seeding;

/// <summary>
/// The demo shop: Chinese buyers and addresses, orders over the last 90 days and every reissue situation —
/// withdrawn after-sales, intercepted and returned parcels, second reissues waiting for a number, reship
/// requests with varied deadlines. Deterministic for a given seed and clock; only on an empty database.
/// </summary>
public sealed class DemoShopSeeder(
    IDbContextFactory<ReshipDbContext> factory,
    IOptions<SeedOptions> options,
    IOptions<ShopSettings> shop,
    ShopClock clock,
    ILogger<DemoShopSeeder> logger)
{
    private const int BatchSize = 5000;

    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (!o.Enabled) return false;
        await using (var probe = await factory.CreateDbContextAsync(cancellationToken))
        {
            if (await probe.Orders.AnyAsync(cancellationToken) || await probe.Products.AnyAsync(cancellationToken))
                return false;
        }
        await SeedAsync(o.Orders, o.RandomSeed, cancellationToken);
        return true;
    }

    public async Task SeedAsync(int orderCount, int seed, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(seed);
        var faker = new Faker("zh_CN") { Random = new Randomizer(seed) };
        var now = clock.UtcNow;
        var settings = shop.Value;
        var reissueCounters = new Dictionary<DateOnly, int>();
        string NextReissueNo(DateTime atUtc)
        {
            var day = DateOnly.FromDateTime(clock.ToShop(atUtc).DateTime);
            reissueCounters[day] = reissueCounters.GetValueOrDefault(day) + 1;
            return ReissueNumber.Format(day, reissueCounters[day]);
        }

        await using var probe = await factory.CreateDbContextAsync(cancellationToken);
        await using var writer = await SeedWriter.OpenAsync(probe, cancellationToken);

        var products = ChineseRegions.Products.Select(p => new Product(p.Sku, p.Name, p.Price, now)).ToList();
        writer.Write(products);

        var buyerCount = Math.Clamp(orderCount / 2, 10, 50_000);
        var buyers = Enumerable.Range(0, buyerCount)
            .Select(_ => new Buyer(faker.Name.LastName() + faker.Name.FirstName(), RandomPhone(random)))
            .ToList();
        writer.Write(buyers);

        var usedOrderNos = new HashSet<string>();
        var usedTracking = new HashSet<string>();
        string NewTracking(Courier c)
        {
            string n;
            do n = TrackingNumberFactory.Create(c, random); while (!usedTracking.Add(n));
            return n;
        }

        // Paid times spread over 90 days, oldest first, so ids follow time as in a real shop.
        var paidTimes = Enumerable.Range(0, orderCount)
            .Select(_ => now - TimeSpan.FromMinutes(random.NextDouble() * 90 * 24 * 60))
            .Order().ToArray();

        var requests = new List<ReshipRequest>();
        var batch = new List<object>(BatchSize * 2);
        for (var start = 0; start < orderCount; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Clear();
            var end = Math.Min(orderCount, start + BatchSize);
            for (var i = start; i < end; i++)
            {
                var buyer = buyers[random.Next(buyers.Count)];
                var paidAt = paidTimes[i];
                string orderNo;
                do orderNo = OrderNumber.Create(DateOnly.FromDateTime(clock.ToShop(paidAt).DateTime), random);
                while (!usedOrderNos.Add(orderNo));

                var region = ChineseRegions.All[random.Next(ChineseRegions.All.Length)];
                var detail = $"{ChineseRegions.Streets[random.Next(ChineseRegions.Streets.Length)]}{random.Next(1, 999)}号"
                    + $"{faker.Address.StreetName()}小区{random.Next(1, 30)}栋{random.Next(1, 30)}0{random.Next(1, 6)}室";
                var address = new Address(buyer.Name, buyer.Phone, region.Province, region.City, region.District, detail);
                var items = products.OrderBy(_ => random.Next()).Take(random.Next(1, 4))
                    .Select(p => new OrderItem(p.Sku, p.Name, random.Next(1, 4), p.UnitPrice)).ToList();
                var order = new Order(orderNo, buyer, address, items, paidAt, paidAt);
                // The order's whole life is played out first; the writer then walks the finished graph once.
                requests.Clear();
                PlayOut(requests, order, random, now, settings, NewTracking, NextReissueNo);
                batch.Add(order);
                batch.AddRange(requests);
            }
            writer.Write(batch);
            if (orderCount >= 50_000 || end == orderCount)
                logger.LogInformation("Demo shop: {Done:N0} / {Total:N0} orders ({Percent:P0}) after {Elapsed:N1} s",
                    end, orderCount, (double)end / orderCount, watch.Elapsed.TotalSeconds);
        }

        // The rows went in without SaveChanges: their tallies are worked out from them once.
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            await Tallies.TallyBuild.RebuildAsync(db, clock.Zone, cancellationToken);
    }

    /// <summary>Lets one order's life happen up to now: shipping, courier events, after-sales, reissues, reship requests.</summary>
    private static void PlayOut(List<ReshipRequest> requests, Order order, Random random, DateTime now, ShopSettings settings,
        Func<Courier, string> newTracking, Func<DateTime, string> nextReissueNo)
    {
        var paidAt = order.PaidAtUtc;
        if (now - paidAt < TimeSpan.FromHours(12)) return; // still waiting to be shipped

        var shippedAt = paidAt + TimeSpan.FromHours(2 + random.NextDouble() * 10);
        var courier = Courier.Specific[random.Next(Courier.Specific.Count)];
        var parcel = order.Ship(courier, newTracking(courier), shippedAt);
        var age = now - shippedAt;
        var roll = random.NextDouble();

        if (roll < 0.045 && age > TimeSpan.FromHours(8))
        {
            Event(order, parcel, ShipmentStatus.Intercepted, shippedAt.AddHours(6));
            if (random.NextDouble() < 0.25 && age > TimeSpan.FromDays(2))
                Event(order, parcel, ShipmentStatus.Returned, shippedAt.AddDays(2));
            if (random.NextDouble() < 0.7)
                Reissue(order, ReissueScenario.Intercepted, shippedAt.AddHours(7), random, now, settings, newTracking, nextReissueNo, chain: true);
        }
        else if (roll < 0.07 && age > TimeSpan.FromDays(2))
        {
            Event(order, parcel, ShipmentStatus.Returned, shippedAt.AddDays(2));
            if (random.NextDouble() < 0.6)
                Reissue(order, ReissueScenario.DamagedReturned, shippedAt.AddDays(2.2), random, now, settings, newTracking, nextReissueNo, chain: false);
        }
        else if (roll < 0.10 && age > TimeSpan.FromDays(1))
        {
            // Scenario 1: after-sale opened, parcel stopped, after-sale withdrawn → the system reissues by itself.
            var afterSale = order.OpenAfterSale(AfterSaleType.RefundOnly, "不想要了", null, shippedAt.AddHours(3));
            Event(order, parcel, ShipmentStatus.Intercepted, shippedAt.AddHours(6));
            var withdrawnAt = shippedAt.AddHours(20);
            afterSale.Withdraw(withdrawnAt);
            var reissue = order.CreateReissue(new ReissueRequest(ReissueScenario.AfterSaleWithdrawn, ReissueSource.Auto, AfterSale: afterSale),
                nextReissueNo(withdrawnAt), settings.MaxReissuesPerOrder, settings.ReissueShipWithin, withdrawnAt);
            ShipAutomatically(order, reissue, withdrawnAt, now, random, newTracking);
        }
        else if (roll < 0.11)
        {
            order.OpenAfterSale(random.Next(2) == 0 ? AfterSaleType.RefundOnly : AfterSaleType.ReturnRefund,
                random.Next(2) == 0 ? "尺码不合适" : "与描述不符", null, shippedAt.AddHours(30));
            Deliver(order, parcel, shippedAt, age, random);
        }
        else if (age > TimeSpan.FromDays(2) && roll < (age < TimeSpan.FromDays(12) ? 0.20 : 0.16))
        {
            Deliver(order, parcel, shippedAt, age, random);
            ReshipRequestFor(requests, order, shippedAt, random, now, settings, nextReissueNo, newTracking);
        }
        else
        {
            Deliver(order, parcel, shippedAt, age, random);
        }
    }

    private static void Deliver(Order order, Shipment parcel, DateTime shippedAt, TimeSpan age, Random random)
    {
        if (age > TimeSpan.FromHours(8)) Event(order, parcel, ShipmentStatus.InTransit, shippedAt.AddHours(8));
        if (age > TimeSpan.FromDays(4) && random.NextDouble() < 0.97)
            Event(order, parcel, ShipmentStatus.Delivered, shippedAt.AddDays(2 + random.NextDouble() * 2));
    }

    private static void Event(Order order, Shipment parcel, ShipmentStatus status, DateTime at)
    {
        parcel.ApplyCourierEvent(status, at, at);
        order.OnShipmentChanged(parcel, at);
    }

    private static void Reissue(Order order, ReissueScenario scenario, DateTime at, Random random, DateTime now,
        ShopSettings settings, Func<Courier, string> newTracking, Func<DateTime, string> nextReissueNo, bool chain)
    {
        var reissue = order.CreateReissue(new ReissueRequest(scenario, ReissueSource.Manual, Remark: random.Next(3) == 0 ? "客户急用，请加急" : null),
            nextReissueNo(at), settings.MaxReissuesPerOrder, settings.ReissueShipWithin, at);
        ShipAutomatically(order, reissue, at, now, random, newTracking);

        // Some first reissues are stopped as well: a second reissue follows, which waits for staff to enter its number.
        if (chain && reissue.Shipment is { IsMoving: true } first && random.NextDouble() < 0.6 && now - at > TimeSpan.FromDays(1))
        {
            Event(order, first, ShipmentStatus.Intercepted, at.AddHours(10));
            var secondAt = now - TimeSpan.FromHours(random.NextDouble() * 60);
            if (secondAt < at.AddHours(11)) secondAt = at.AddHours(11);
            var second = order.CreateReissue(new ReissueRequest(ReissueScenario.Intercepted, ReissueSource.Manual),
                nextReissueNo(secondAt), settings.MaxReissuesPerOrder, settings.ReissueShipWithin, secondAt);
            if (random.NextDouble() < 0.3 && now - secondAt > TimeSpan.FromHours(6))
            {
                var c = Courier.Specific[random.Next(Courier.Specific.Count)];
                second.Ship(c, newTracking(c), secondAt.AddHours(3), automatic: false);
            }
        }
    }

    private static void ShipAutomatically(Order order, ReissueOrder reissue, DateTime at, DateTime now, Random random, Func<Courier, string> newTracking)
    {
        if (reissue.Status != ReissueStatus.AwaitingTracking) return;
        if (now - at < TimeSpan.FromMinutes(5)) return;
        var c = reissue.PreferredCarrier is { } code ? Courier.FromCode(code) : Courier.Specific[random.Next(Courier.Specific.Count)];
        var parcel = reissue.Ship(c, newTracking(c), at.AddSeconds(3), automatic: true);
        if (now - at > TimeSpan.FromDays(4) && random.NextDouble() < 0.7)
        {
            Event(order, parcel, ShipmentStatus.InTransit, at.AddHours(8));
            Event(order, parcel, ShipmentStatus.Delivered, at.AddDays(3));
        }
    }

    private static void ReshipRequestFor(List<ReshipRequest> requests, Order order, DateTime shippedAt, Random random, DateTime now,
        ShopSettings settings, Func<DateTime, string> nextReissueNo, Func<Courier, string> newTracking)
    {
        var reasons = Enum.GetValues<ReshipReason>();
        var reason = reasons[random.Next(reasons.Length)];
        var recent = now - shippedAt < TimeSpan.FromDays(12);
        // Recent requests are mostly still waiting, with deadlines spread over the next 48 hours.
        var submittedAt = recent
            ? now - TimeSpan.FromHours(random.NextDouble() * 46)
            : shippedAt.AddDays(3 + random.NextDouble() * 2);
        if (submittedAt < shippedAt.AddDays(1)) submittedAt = shippedAt.AddDays(1);
        if (submittedAt > now) submittedAt = now.AddMinutes(-5);

        var afterSale = order.OpenAfterSale(AfterSaleType.Reship, reason.ChineseText(), null, submittedAt);
        var firstItem = order.Items[0];
        var content = new ReshipContent(reason, Description(reason), order.Address,
            [new LineItem(firstItem.Sku, firstItem.Name, 1)]);
        var request = new ReshipRequest(order, afterSale, content, submittedAt, settings);
        requests.Add(request);

        if (recent && request.DueAtUtc > now)
        {
            var roll = random.NextDouble();
            if (roll < 0.15) request.Modify(content with { Description = content.Description + "（补充：外箱有明显压痕）" }, submittedAt.AddHours(1) < now ? submittedAt.AddHours(1) : submittedAt, settings);
            else if (roll < 0.22) request.Escalate(submittedAt.AddHours(2) < now ? submittedAt.AddHours(2) : submittedAt, settings);
            return;
        }

        var fate = random.NextDouble();
        var actedAt = submittedAt.AddHours(5);
        if (fate < 0.45)
        {
            var reissue = request.Approve(actedAt, Actor.System, nextReissueNo(actedAt), settings);
            ShipAutomatically(order, reissue, actedAt, now, random, newTracking);
            if (reissue.Status == ReissueStatus.Shipped || reissue.Status == ReissueStatus.Delivered)
            {
                request.MarkShipped(actedAt.AddSeconds(3));
                if (random.NextDouble() < 0.8 && now - actedAt > TimeSpan.FromDays(4))
                {
                    request.ConfirmReceipt(actedAt.AddDays(3));
                    afterSale.Close(actedAt.AddDays(3));
                }
            }
        }
        else if (fate < 0.7)
        {
            request.Reject(RejectionReason.NoQualityIssue, "已核实出库视频，商品完好发出", actedAt, Actor.System);
            if (now - actedAt > settings.EscalateAfterRejectionWithin)
            {
                request.CloseExpiredRejection(actedAt + settings.EscalateAfterRejectionWithin, settings);
                afterSale.Close(actedAt + settings.EscalateAfterRejectionWithin);
            }
        }
        else if (fate < 0.85)
        {
            request.Withdraw(submittedAt.AddHours(2));
            afterSale.Close(submittedAt.AddHours(2));
        }
        else
        {
            request.Escalate(submittedAt.AddHours(3), settings);
            request.Decide(PlatformOutcome.Merchant, submittedAt.AddDays(1));
            afterSale.Close(submittedAt.AddDays(1));
        }
    }

    private static string Description(ReshipReason reason) => reason switch
    {
        ReshipReason.MissingItem => "收到的包裹里少了一件商品，麻烦补寄",
        ReshipReason.ShortShipped => "买了三件只收到两件",
        ReshipReason.WrongItem => "颜色发错了，想要的是蓝色",
        ReshipReason.Damaged => "收到时包装破损，商品有裂痕",
        ReshipReason.Lost => "物流显示签收但没有收到",
        _ => "请尽快处理",
    };

    private static string RandomPhone(Random random) =>
        "1" + "3456789"[random.Next(7)] + random.NextInt64(0, 1_000_000_000).ToString("D9");
}

using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Catalog;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Features.Warehouse.Orders.Reissues;

namespace ReshipDashboard.Features.Warehouse.Orders;

/// <summary>An order line as the platform sends it; the name defaults to the product's.</summary>
public sealed record NewOrderItem(string Sku, string? Name, int Quantity, long UnitPrice);

/// <summary>A paid order as the platform sends it; a missing number is generated in the platform's format.</summary>
public sealed record NewOrder(string? OrderNo, string BuyerName, string BuyerPhone, Address Address,
    IReadOnlyList<NewOrderItem> Items, DateTime? PaidAtUtc);

/// <summary>Orders coming in from the platform, the ERP shipping them, and the reads integrations make.</summary>
public sealed class OrderIntakeService(IDbContextFactory<ReshipDbContext> factory, ShopClock clock, CurrentActor actor)
{
    private const int MaxNumberAttempts = 10;

    private readonly AccessGuard _guard = new(actor);

    /// <summary>Takes in a paid order: unknown SKUs → 400, a number already taken → 409.</summary>
    public async Task<Order> CreateAsync(NewOrder input, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.PlatformEvents);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.UtcNow;

        var skus = input.Items.Select(i => Product.NormaliseSku(i.Sku)).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);
        for (var i = 0; i < input.Items.Count; i++)
        {
            var sku = Product.NormaliseSku(input.Items[i].Sku);
            if (!products.ContainsKey(sku)) throw DomainException.Invalid($"items[{i}].sku", Domain.Catalog.Product.UnknownSkuMessage, sku);
        }
        input.Address.EnsureValid();

        var orderNo = input.OrderNo is { } given ? OrderNumber.Normalise(given) : await NewOrderNumberAsync(db, cancellationToken);
        if (await db.Orders.AnyAsync(o => o.OrderNo == orderNo, cancellationToken))
            throw DomainException.Conflict("订单号 {0} 已存在", orderNo);

        var buyer = await db.Buyers.FirstOrDefaultAsync(b => b.Phone == input.BuyerPhone && b.Name == input.BuyerName, cancellationToken)
            ?? new Buyer(input.BuyerName.Trim(), input.BuyerPhone);
        var items = input.Items.Select(i =>
        {
            var product = products[Product.NormaliseSku(i.Sku)];
            return new OrderItem(product.Sku, string.IsNullOrWhiteSpace(i.Name) ? product.Name : i.Name.Trim(), i.Quantity, i.UnitPrice);
        });
        var order = new Order(orderNo, buyer, input.Address, items, input.PaidAtUtc ?? now, now, actor.Actor);
        db.Orders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return order;
    }

    /// <summary>
    /// The ERP ships the original order: the number must fit its courier (400), the order must exist (404), have no
    /// original shipment yet and the number must be unused (409).
    /// </summary>
    public async Task<Order> ShipAsync(string orderNo, string? carrier, string? trackingNo, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.TrackingEdit);
        var (courier, number) = ReissuePipeline.ParseTracking(carrier, trackingNo);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.UtcNow;
        var key = OrderNumber.Normalise(orderNo);
        var order = await WholeOrders(db).FirstOrDefaultAsync(o => o.OrderNo == key, cancellationToken)
            ?? throw DomainException.NotFound("订单 {0} 不存在", key);

        order.Ship(courier, number, now, actor.Actor);
        await ReissuePipeline.EnsureUnusedAsync(db, number, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return order;
    }

    public async Task<Order?> FindAsync(string? orderNo, CancellationToken cancellationToken = default)
    {
        var key = OrderNumber.Normalise(orderNo);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await WholeOrderByNumber.For(db)(db, key, cancellationToken);
    }

    /// <summary>
    /// The API's hottest read, compiled once: EF skips translating the query on every call. One statement joins the
    /// order's rows (an order has a handful of each), so the whole order is read at one point in time and EF's fixed
    /// cost per statement is paid once.
    /// </summary>
    private static readonly Compiled<Func<ReshipDbContext, string, CancellationToken, Task<Order?>>> WholeOrderByNumber = new(() =>
        EF.CompileAsyncQuery((ReshipDbContext db, string orderNo, CancellationToken _) => db.Orders.AsNoTracking().AsSingleQuery()
            .Include(o => o.Buyer)
            .Include(o => o.Items)
            .Include(o => o.Shipments)
            .Include(o => o.AfterSales)
            .Include(o => o.Reissues)
            .FirstOrDefault(o => o.OrderNo == orderNo)));

    /// <summary>
    /// Orders by id after <paramref name="afterId"/>; with a status, those having a parcel in it. Read for the API's
    /// answer: each order with its buyer, and of its items, parcels, after-sales and reissues what the answer shows (<see cref="WholeOrderRows"/>).
    /// </summary>
    public async Task<List<ListedOrder>> ListAsync(ShipmentStatus? shipmentStatus, long afterId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // An int, as the key is: comparing the key with a long would make SQLite cast it and read the whole table.
        var after = (int)Math.Clamp(afterId, 0, int.MaxValue);
        // Opened for the page's five statements together: the connection's checks run once, before the first.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var page = new List<Order>(take);
            var orders = shipmentStatus is { } status
                ? PageWithParcelIn.For(db)(db, status, after, take)
                : PageOfAll.For(db)(db, after, take);
            await foreach (var order in orders.WithCancellation(cancellationToken)) page.Add(order);
            return await WholeOrderRows.ReadAsync(db, page, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // A page's order ids are a subquery of the orders' statement ("id IN (…)"): SQLite then reads each order by key,
    // where a page taken as a derived table is materialised and its joined rows sorted again. With a status, the ids come
    // off the (status, order) index of shipments. Grouped, not DISTINCT: SQLite reads a DISTINCT subquery whole before
    // ordering it (0.9 s for "delivered" at a million orders), while GROUP BY walks the index in order and stops at the
    // page's end. Compiled, as the API's lists are polled: EF neither builds nor looks up the query on each call.
    private static readonly Compiled<Func<ReshipDbContext, int, int, IAsyncEnumerable<Order>>> PageOfAll = new(() =>
        EF.CompileAsyncQuery<ReshipDbContext, int, int, Order>((db, after, take) => db.Orders.AsNoTracking().Include(o => o.Buyer)
            .Where(o => db.Orders.Where(x => x.Id > after).OrderBy(x => x.Id).Select(x => x.Id).Take(take).Contains(o.Id))
            .OrderBy(o => o.Id)));

    private static readonly Compiled<Func<ReshipDbContext, ShipmentStatus, int, int, IAsyncEnumerable<Order>>> PageWithParcelIn = new(() =>
        EF.CompileAsyncQuery<ReshipDbContext, ShipmentStatus, int, int, Order>((db, status, after, take) => db.Orders.AsNoTracking().Include(o => o.Buyer)
            .Where(o => db.Shipments.Where(s => s.Status == status && s.OrderId > after).GroupBy(s => s.OrderId).Select(g => g.Key)
                .OrderBy(id => id).Take(take).Contains(o.Id))
            .OrderBy(o => o.Id)));

    private static IQueryable<Order> WholeOrders(ReshipDbContext db) => db.Orders.AsSplitQuery()
        .Include(o => o.Buyer)
        .Include(o => o.Items)
        .Include(o => o.Shipments)
        .Include(o => o.AfterSales)
        .Include(o => o.Reissues);

    private async Task<string> NewOrderNumberAsync(ReshipDbContext db, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxNumberAttempts; attempt++)
        {
            var candidate = OrderNumber.Create(clock.Today, Random.Shared);
            if (!await db.Orders.AnyAsync(o => o.OrderNo == candidate, cancellationToken)) return candidate;
        }
        throw DomainException.Conflict("暂时无法生成订单号，请重试");
    }
}

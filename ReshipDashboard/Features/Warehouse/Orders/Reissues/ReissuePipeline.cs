using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Features.Warehouse.Orders.Reissues;

/// <summary>
/// The one pipeline every parcel that goes out again travels: creating a reissue (by hand, by the system on a
/// withdrawn after-sale, or by an approved reship request), shipping it with a tracking number, and recording
/// each step (the entities' events, recorded at save) in the same transaction as the step itself.
///
/// Callers open one context, begin a transaction (SQLite takes the write lock at once, so numbering is
/// race-free), call <see cref="CreateAsync"/>, save (the reissue gets its key), save again (its creation is recorded)
/// and commit — then <see cref="WaybillSignal.Notify"/> when the reissue waits for its automatic number.
/// </summary>
public sealed class ReissuePipeline(ShopClock clock, IOptions<ShopSettings> settings)
{
    public DateTime UtcNow => clock.UtcNow;

    /// <summary>
    /// Creates the order's next reissue in the caller's context, as done by <paramref name="actor"/>; the order must be
    /// tracked with Items, Shipments and Reissues. A reship request's reissue is created by approving the request instead.
    /// </summary>
    public async Task<ReissueOrder> CreateAsync(ReshipDbContext db, Order order, ReissueRequest request, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var number = await NextNumberAsync(db, now, cancellationToken);
        return order.CreateReissue(request, number, settings.Value.MaxReissuesPerOrder, settings.Value.ReissueShipWithin, now, actor);
    }

    /// <summary>The next 补发单号 of the shop's today, counting reissues saved and those added to this context.</summary>
    public async Task<string> NextNumberAsync(ReshipDbContext db, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.ToShop(nowUtc).DateTime);
        var prefix = ReissueNumber.Prefix(today);
        // A range of the number index, today's prefix up to tomorrow's: a LIKE would walk the whole index on a day
        // that has no number yet.
        var tomorrow = ReissueNumber.Prefix(today.AddDays(1));
        var saved = await db.Reissues
            .Where(r => string.Compare(r.ReissueNo, prefix) >= 0 && string.Compare(r.ReissueNo, tomorrow) < 0)
            .OrderByDescending(r => r.ReissueNo).Select(r => r.ReissueNo).FirstOrDefaultAsync(cancellationToken);
        var pending = db.ChangeTracker.Entries<ReissueOrder>()
            .Where(e => e.State == EntityState.Added && e.Entity.ReissueNo.StartsWith(prefix, StringComparison.Ordinal))
            .Select(e => e.Entity.ReissueNo);
        var latest = pending.Append(saved).Where(n => n is not null).Max(StringComparer.Ordinal);
        return ReissueNumber.Format(today, ReissueNumber.NextCounter(latest));
    }

    /// <summary>
    /// Checks a courier and a number as typed or scanned: the courier written any common way (left blank, taken
    /// from the number when exactly one courier's format fits), the number normalised and fitting the courier's
    /// format (with a suggestion when another courier's format fits).
    /// </summary>
    public static (Courier Courier, string Number) ParseTracking(string? carrier, string? trackingNo) =>
        ParseTracking(carrier, trackingNo, out _);

    /// <inheritdoc cref="ParseTracking(string?, string?)"/>
    public static (Courier Courier, string Number) ParseTracking(string? carrier, string? trackingNo, out bool detected)
    {
        var number = TrackingNumber.Normalise(trackingNo);
        var courier = CourierChoice.Resolve(carrier, number, out detected);
        if (CourierChoice.ShapeProblem(number) is { } shape) throw shape;
        if (TrackingNumber.Check(courier, number) is { } problem)
        {
            throw problem.Suggestion is { } s
                ? DomainException.Invalid("trackingNo", problem.MessageKey, courier.ChineseName, s.ChineseName)
                : DomainException.Invalid("trackingNo", problem.MessageKey, courier.ChineseName);
        }
        return (courier, number);
    }

    /// <summary>A tracking number is unique across all shipments: a reused one is refused naming the order that has it.</summary>
    public static async Task EnsureUnusedAsync(ReshipDbContext db, string number, int? exceptShipmentId, CancellationToken cancellationToken = default)
    {
        var holder = await db.Shipments.Where(s => s.TrackingNo == number && s.Id != exceptShipmentId)
            .Select(s => db.Orders.Where(o => o.Id == s.OrderId).Select(o => o.OrderNo).FirstOrDefault())
            .FirstOrDefaultAsync(cancellationToken);
        if (holder is not null)
            throw DomainException.Conflict("物流单号 {0} 已被订单 {1} 使用", number, holder);
    }

    /// <summary>
    /// Ships a reissue with its number (checked already), as done by <paramref name="actor"/>; a reissue that an approved
    /// reship request created moves that request to shipped. Load the reissue with its ReshipRequest.
    /// </summary>
    public void Ship(ReissueOrder reissue, Courier courier, string number, Actor actor, bool automatic)
    {
        var now = clock.UtcNow;
        reissue.Ship(courier, number, now, automatic, actor);
        if (reissue.ReshipRequest is { Status: ReshipStatus.Approved } request) request.MarkShipped(now, reissue);
    }
}

/// <summary>Wakes the e-waybill dispatcher when a first reissue starts waiting for its automatic number.</summary>
public sealed class WaybillSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Notify()
    {
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

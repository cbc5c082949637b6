using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;

namespace ReshipDashboard.Features.Api;

/// <summary>What changed (dashboard → platform, ERP): the outbox, in commit order.</summary>
public static class EventsApi
{
    public sealed record FeedEventResource(long Id, DateTimeOffset At, string Type, string Subject, JsonElement Data);

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ListEventsAsync).RequireAuthorization(ApiScopes.PlatformOrErp);
        return api;
    }

    /// <summary>`nextCursor` is never null: at the end of the feed it is where to ask from later.</summary>
    public static async Task<Ok<Page<FeedEventResource>>> ListEventsAsync(string? cursor, string? limit, IDbContextFactory<ReshipDbContext> factory,
        ShopClock clock, CancellationToken ct)
    {
        var page = PageRequest.Parse(limit, cursor);
        var after = page.After?[0] ?? 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.OutboxEvents.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(page.Limit).ToListAsync(ct);
        var items = rows.Select(e =>
        {
            using var data = JsonDocument.Parse(e.DataJson);
            return new FeedEventResource(e.Id, clock.ToShop(e.AtUtc), e.Type, e.Subject, data.RootElement.Clone());
        }).ToList();
        return TypedResults.Ok(new Page<FeedEventResource>(items, PageRequest.Encode(items.Count > 0 ? items[^1].Id : after)));
    }
}

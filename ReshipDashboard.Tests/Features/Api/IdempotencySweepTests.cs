using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Data;
using ReshipDashboard.Features.Api;

namespace ReshipDashboard.Tests.Features.Api;

public sealed class IdempotencySweepTests : ApiTestBase
{
    [Fact]
    public async Task Records_OlderThanADay_ArePurged_YoungerOnesKept()
    {
        var now = App.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await App.Db.CreateDbContextAsync())
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord { Scope = "s", Path = "/p", Key = "old", RequestHash = "h", StatusCode = 201, CreatedAtUtc = now.AddHours(-25) });
            db.IdempotencyRecords.Add(new IdempotencyRecord { Scope = "s", Path = "/p", Key = "new", RequestHash = "h", StatusCode = 201, CreatedAtUtc = now.AddHours(-23) });
            await db.SaveChangesAsync();
        }

        var purged = await App.Services.GetRequiredService<IdempotencySweep>().SweepAsync();

        Assert.Equal(1, purged);
        await using var check = await App.Db.CreateDbContextAsync();
        Assert.Equal(["new"], await check.IdempotencyRecords.Select(r => r.Key).ToListAsync());
    }
}

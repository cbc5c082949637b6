using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Api;
using ReshipDashboard.Features.Settings.ApiKeys;
using ReshipDashboard.Features.Settings.Audit;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Features.Accounts;

/// <summary>The audit entry and its change commit together: when either fails, neither is stored.</summary>
public sealed class AuditTransactionTests : MudTestContext
{
    private void AsOwner() =>
        Services.GetRequiredService<ReshipDashboard.Features.Shared.CurrentActor>().User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "Identity.Application"));

    private Task RefuseAsync(string name, string when, string table) => Database.RefuseAsync(name, when, table);

    [Fact]
    public async Task CreatingAKey_WhoseAuditEntryFails_StoresNoKey()
    {
        AsOwner();
        await RefuseAsync("refuse_audit", "INSERT", "AuditEntries");

        await Assert.ThrowsAsync<DbUpdateException>(() => Services.GetRequiredService<ApiKeyService>().CreateAsync("ERP", [ApiScopes.Erp]));

        await using var db = Database.CreateDbContext();
        Assert.Empty(await db.ApiKeys.ToListAsync());
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task RevokingAKey_ThatFails_LeavesNoAuditEntry()
    {
        AsOwner();
        var keys = Services.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync("ERP", [ApiScopes.Erp]);
        await RefuseAsync("refuse_revoke", "UPDATE", "ApiKeys");

        await Assert.ThrowsAsync<DbUpdateException>(() => keys.RevokeAsync(created.Key.Id));

        await using var db = Database.CreateDbContext();
        Assert.Equal(["created"], await db.AuditEntries.Where(a => a.EntityType == AuditSubjects.ApiKey).Select(a => a.Action).ToListAsync());
        Assert.Null((await db.ApiKeys.SingleAsync()).RevokedAtUtc);
    }

    [Fact]
    public async Task AuditLog_FiltersByEntityAndActor_NewestFirst_AndIsOwnerOnly()
    {
        AsOwner();
        var keys = Services.GetRequiredService<ApiKeyService>();
        var first = await keys.CreateAsync("一号", [ApiScopes.Erp]);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await keys.RevokeAsync(first.Key.Id);
        var log = Services.GetRequiredService<AuditLogService>();

        var page = await log.SearchAsync(new AuditQuery(Actor: "adm", EntityType: AuditSubjects.ApiKey, EntityId: first.Key.Id.ToString()));

        Assert.Equal(["revoked", "created"], page.Items.Select(r => r.Action));
        Assert.Equal(("active", "revoked"), (page.Items[0].FromStatus, page.Items[0].ToStatus));

        Services.GetRequiredService<ReshipDashboard.Features.Shared.CurrentActor>().User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "support"), new Claim(ClaimTypes.Role, Roles.Support)], "Identity.Application"));
        var refusal = await Assert.ThrowsAsync<ReshipDashboard.Domain.Common.DomainException>(() => log.SearchAsync(new AuditQuery()));
        Assert.Equal("无权执行此操作，需要角色：{0}", refusal.MessageKey);
    }
}

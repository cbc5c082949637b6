using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Features.Accounts;

/// <summary>Sign-ins, failed sign-ins, lockouts, sign-outs and password changes in the audit trail.</summary>
public sealed class SignInAuditor(IDbContextFactory<ReshipDbContext> factory, TimeProvider clock, IHttpContextAccessor http)
{
    public async Task RecordAsync(string userName, string action, string? note = null)
    {
        var name = userName.Trim();
        if (name.Length > 100) name = name[..100];
        await using var db = await factory.CreateDbContextAsync();
        var id = await db.Users.Where(u => u.NormalizedUserName == name.ToUpperInvariant()).Select(u => (int?)u.Id).FirstOrDefaultAsync();
        var address = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        var text = string.Join(" ", new[] { note, address is null ? null : "IP " + address }.Where(s => s is not null));
        db.Audit(Actor.Person(name.Length == 0 ? "?" : name), clock.GetUtcNow().UtcDateTime, AuditSubjects.Account, id ?? 0, null, action,
            note: text.Length == 0 ? null : text);
        await db.SaveChangesAsync();
    }
}

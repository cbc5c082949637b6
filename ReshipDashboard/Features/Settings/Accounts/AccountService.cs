using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Accounts;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Settings.Accounts;

/// <summary>A staff account as the owner's page lists it.</summary>
public sealed record AccountRow(int Id, string UserName, string? Role, bool IsLocked, DateTime? LockedUntilUtc, DateTime? LastSignInUtc, bool IsSelf)
{
    /// <summary>Locked by the owner (no end), rather than for a while after failed sign-ins.</summary>
    public bool IsLockedByOwner => IsLocked && LockedUntilUtc is null;
}

/// <summary>
/// The owner's staff accounts: list, create, change role, reset password, lock and unlock — each change audited.
/// Identity's UserManager saves by itself; every change runs in one scope whose DbContext is the one Identity's
/// store uses, inside one database transaction that also holds the audit entry, so the change and its entry
/// commit or roll back together.
/// </summary>
public sealed class AccountService(IServiceScopeFactory scopes, AccessGuard guard, CurrentActor current, TimeProvider clock,
    SessionRevocations revocations)
{
    /// <summary>An owner's lock has no end; Identity reads a lockout end in the future as locked.</summary>
    private static readonly DateTimeOffset LockedForGood = DateTimeOffset.MaxValue;

    public async Task<IReadOnlyList<AccountRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.AccountsManage);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReshipDbContext>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var signIns = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == AuditSubjects.Account && e.Action == "signed_in")
            .GroupBy(e => e.EntityId)
            .Select(g => new { Id = g.Key, Last = g.Max(e => e.AtUtc) })
            .ToDictionaryAsync(g => g.Id, g => g.Last, cancellationToken);
        var now = clock.GetUtcNow();
        return users.Select(u =>
        {
            var role = Roles.All.FirstOrDefault(r => roles.Any(x => x.UserId == u.Id && x.Name == r));
            var locked = u.LockoutEnd is { } end && end > now;
            return new AccountRow(u.Id, u.UserName ?? "", role, locked,
                locked && u.LockoutEnd != LockedForGood ? u.LockoutEnd!.Value.UtcDateTime : null,
                signIns.TryGetValue(u.Id, out var last) ? last : null, IsSelf(u));
        }).ToList();
    }

    public async Task<AccountRow> CreateAsync(string? userName, string? role, string? password, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.AccountsManage);
        var name = userName?.Trim() ?? "";
        if (name.Length == 0) throw DomainException.Invalid("userName", "请填写用户名");
        if (name.Length > 50) throw DomainException.Invalid("userName", "用户名最多 50 个字符");
        var chosenRole = KnownRole(role);
        if (string.IsNullOrEmpty(password)) throw DomainException.Invalid("password", "请填写初始密码");

        try
        {
            return await CreateCheckedAsync(name, chosenRole, password, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two owners created the same name at once: the unique index let one win.
            if (await NameTakenAsync(name, cancellationToken)) throw DomainException.Invalid("userName", "用户名 {0} 已被使用，请换一个", name);
            throw;
        }
    }

    private async Task<AccountRow> CreateCheckedAsync(string name, string chosenRole, string password, CancellationToken cancellationToken) =>
        await ChangeAsync(async (users, db, now) =>
        {
            if (await users.FindByNameAsync(name) is not null)
                throw DomainException.Invalid("userName", "用户名 {0} 已被使用，请换一个", name);
            var user = new ReshipUser(name);
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, chosenRole));
            db.Audit(current.Actor, now, AuditSubjects.Account, user.Id, null, "account_created", null, chosenRole, name);
            return user.Id;
        }, cancellationToken);

    private async Task<bool> NameTakenAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>().FindByNameAsync(name) is not null;
    }

    public async Task<AccountRow> ChangeRoleAsync(int id, string? role, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.AccountsManage);
        var chosenRole = KnownRole(role);
        return await ChangeAsync(async (users, db, now) =>
        {
            var user = await FindAsync(users, id);
            var before = (await users.GetRolesAsync(user)).FirstOrDefault(Roles.All.Contains);
            if (before == chosenRole) return user.Id;
            if (before == Roles.Admin && chosenRole != Roles.Admin)
            {
                if (IsSelf(user)) throw DomainException.State("不能取消自己的店主角色");
                await EnsureAnotherOwnerAsync(users, user);
            }
            var held = await users.GetRolesAsync(user);
            if (held.Count > 0) Check(await users.RemoveFromRolesAsync(user, held));
            Check(await users.AddToRoleAsync(user, chosenRole));
            // A new security stamp ends the person's sessions, so the new role applies at once.
            Check(await users.UpdateSecurityStampAsync(user));
            db.Audit(current.Actor, now, AuditSubjects.Account, user.Id, null, "role_changed", before, chosenRole, user.UserName);
            return user.Id;
        }, cancellationToken);
    }

    public async Task<AccountRow> ResetPasswordAsync(int id, string? password, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.AccountsManage);
        if (string.IsNullOrEmpty(password)) throw DomainException.Invalid("password", "请填写新密码");
        return await ChangeAsync(async (users, db, now) =>
        {
            var user = await FindAsync(users, id);
            foreach (var validator in users.PasswordValidators) Check(await validator.ValidateAsync(users, user, password));
            if (await users.HasPasswordAsync(user)) Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, password));
            db.Audit(current.Actor, now, AuditSubjects.Account, user.Id, null, "password_reset", null, null, user.UserName);
            return user.Id;
        }, cancellationToken);
    }

    public async Task<AccountRow> LockAsync(int id, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.AccountsManage);
        return await ChangeAsync(async (users, db, now) =>
        {
            var user = await FindAsync(users, id);
            if (IsSelf(user)) throw DomainException.State("不能锁定自己的账号");
            if (user.LockoutEnd == LockedForGood) throw DomainException.State("该账号已锁定");
            if (await users.IsInRoleAsync(user, Roles.Admin)) await EnsureAnotherOwnerAsync(users, user);
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, LockedForGood));
            Check(await users.UpdateSecurityStampAsync(user));
            db.Audit(current.Actor, now, AuditSubjects.Account, user.Id, null, "locked", "active", "locked", user.UserName);
            return user.Id;
        }, cancellationToken);
    }

    public async Task<AccountRow> UnlockAsync(int id, CancellationToken cancellationToken = default)
    {
        guard.Demand(Permission.AccountsManage);
        return await ChangeAsync(async (users, db, now) =>
        {
            var user = await FindAsync(users, id);
            if (user.LockoutEnd is null || user.LockoutEnd <= now) throw DomainException.State("该账号未锁定");
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            db.Audit(current.Actor, now, AuditSubjects.Account, user.Id, null, "unlocked", "locked", "active", user.UserName);
            return user.Id;
        }, cancellationToken);
    }

    /// <summary>One scope, one DbContext (shared with Identity's store), one transaction for the change and its audit entry.</summary>
    private async Task<AccountRow> ChangeAsync(Func<UserManager<ReshipUser>, ReshipDbContext, DateTime, Task<int>> change, CancellationToken cancellationToken)
    {
        int id;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ReshipUser>>();
            var db = scope.ServiceProvider.GetRequiredService<ReshipDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            id = await change(users, db, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // The person's open circuits lose their rights now, not at the next revalidation.
        revocations.Revoke(id);
        return (await ListAsync(cancellationToken)).Single(a => a.Id == id);
    }

    private static async Task<ReshipUser> FindAsync(UserManager<ReshipUser> users, int id) =>
        await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? throw DomainException.NotFound("未找到该账号");

    /// <summary>The shop keeps at least one owner who can sign in.</summary>
    private async Task EnsureAnotherOwnerAsync(UserManager<ReshipUser> users, ReshipUser leaving)
    {
        var now = clock.GetUtcNow();
        var owners = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!owners.Any(o => o.Id != leaving.Id && !(o.LockoutEnd is { } end && end > now)))
            throw DomainException.State("店里至少要保留一个未锁定的店主账号");
    }

    private bool IsSelf(ReshipUser user) =>
        current.User?.Identity?.Name is { } name && string.Equals(name, user.UserName, StringComparison.OrdinalIgnoreCase);

    private static string KnownRole(string? role) =>
        role is not null && Roles.All.Contains(role) ? role : throw DomainException.Invalid("role", "请选择角色");

    private static void Check(IdentityResult result)
    {
        if (result.Succeeded) return;
        var error = result.Errors.First();
        throw error.Code switch
        {
            nameof(IdentityErrorDescriber.DuplicateUserName) => DomainException.Invalid("userName", "用户名已被使用，请换一个"),
            nameof(IdentityErrorDescriber.InvalidUserName) => DomainException.Invalid("userName", "用户名只能包含英文字母、数字和 - . _ @ +"),
            nameof(IdentityErrorDescriber.PasswordTooShort) => DomainException.Invalid("password", "密码至少 10 位"),
            nameof(IdentityErrorDescriber.PasswordRequiresDigit) => DomainException.Invalid("password", "密码需要包含数字"),
            nameof(IdentityErrorDescriber.PasswordRequiresLower) => DomainException.Invalid("password", "密码需要包含小写字母"),
            nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => DomainException.Invalid("password", "密码至少包含 4 个不同的字符"),
            nameof(IdentityErrorDescriber.PasswordRequiresUpper) or nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric)
                => DomainException.Invalid("password", "密码不符合要求"),
            nameof(IdentityErrorDescriber.ConcurrencyFailure) => DomainException.ChangedByOthers(),
            _ => new DomainException(DomainErrorKind.Invalid, "账号保存失败：{0}", error.Code),
        };
    }
}

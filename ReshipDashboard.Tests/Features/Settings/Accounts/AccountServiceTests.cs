using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Accounts;

namespace ReshipDashboard.Tests.Features.Settings.Accounts;

public sealed class AccountServiceTests : IAsyncLifetime
{
    private const string NewPassword = "Shop2026pass";
    private AccountHarness _h = null!;

    public async Task InitializeAsync() => _h = await AccountHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<List<AuditEntry>> AccountAuditAsync()
    {
        await using var db = _h.Database.CreateDbContext();
        return await db.AuditEntries.Where(a => a.EntityType == AuditSubjects.Account).OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<int> UserCountAsync()
    {
        await using var db = _h.Database.CreateDbContext();
        return await db.Users.CountAsync();
    }

    private async Task<int> IdOfAsync(string userName) => (await _h.As().ListAsync()).Single(a => a.UserName == userName).Id;

    [Fact]
    public async Task List_ShowsEachAccountWithItsRole_MarksTheOwnerThemselves_AndTheLastSignInFromTheAudit()
    {
        await using (var db = _h.Database.CreateDbContext())
        {
            var supportId = await db.Users.Where(u => u.UserName == "support").Select(u => u.Id).SingleAsync();
            db.Audit(Actor.Person("support"), new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc), AuditSubjects.Account, supportId, null, "signed_in");
            db.Audit(Actor.Person("support"), new DateTime(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc), AuditSubjects.Account, supportId, null, "signed_in");
            await db.SaveChangesAsync();
        }

        var accounts = await _h.As().ListAsync();

        Assert.Equal(["admin", "support", "warehouse"], accounts.Select(a => a.UserName));
        Assert.Equal([Roles.Admin, Roles.Support, Roles.Warehouse], accounts.Select(a => a.Role));
        Assert.Equal([true, false, false], accounts.Select(a => a.IsSelf));
        Assert.Equal(new DateTime(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc), accounts[1].LastSignInUtc);
        Assert.Null(accounts[0].LastSignInUtc);
        Assert.All(accounts, a => Assert.False(a.IsLocked));
    }

    [Fact]
    public async Task Create_WithARoleAndAPasswordThatMeetsTheRules_AddsTheAccount_AndAuditsIt()
    {
        var created = await _h.As().CreateAsync("  support2 ", Roles.Support, NewPassword);

        Assert.Equal(("support2", Roles.Support, false), (created.UserName, created.Role, created.IsLocked));
        Assert.True(await _h.WithUsersAsync(async users => await users.CheckPasswordAsync((await users.FindByNameAsync("support2"))!, NewPassword)));
        var entry = Assert.Single(await AccountAuditAsync());
        Assert.Equal(("account_created", created.Id, Roles.Support, "admin"), (entry.Action, entry.EntityId, entry.ToStatus, entry.ActorName));
    }

    [Fact]
    public async Task Create_WithAUserNameAlreadyTaken_InAnyCase_IsRefusedClearly_AndStoresNothing()
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => _h.As().CreateAsync("Warehouse", Roles.Support, NewPassword));

        Assert.Equal(("userName", "用户名 {0} 已被使用，请换一个"), (refusal.Field, refusal.MessageKey));
        Assert.Equal(3, await UserCountAsync());
        Assert.Empty(await AccountAuditAsync());
    }

    [Fact]
    public async Task TwoOwnersCreatingTheSameName_AtOnce_ExactlyOneWins_TheOtherHearsTheNameIsTaken()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                await _h.As().CreateAsync("packer", Roles.Warehouse, NewPassword);
                return null;
            }
            catch (DomainException e)
            {
                return e;
            }
        })));

        Assert.Single(attempts, a => a is null);
        Assert.Equal("用户名 {0} 已被使用，请换一个", Assert.Single(attempts, a => a is not null)!.MessageKey);
        Assert.Equal(4, await UserCountAsync());
        Assert.Single(await AccountAuditAsync());
    }

    [Theory]
    [InlineData("short1a", "密码至少 10 位")]
    [InlineData("abcdefghijk", "密码需要包含数字")]
    [InlineData("1234567890", "密码需要包含小写字母")]
    [InlineData("aaaaaaaaa1", "密码至少包含 4 个不同的字符")]
    public async Task Create_WithAPasswordBreakingIdentitysRules_NamesTheRule_AndStoresNothing(string password, string message)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => _h.As().CreateAsync("packer", Roles.Warehouse, password));

        Assert.Equal(("password", message), (refusal.Field, refusal.MessageKey));
        Assert.Equal(3, await UserCountAsync());
        Assert.Empty(await AccountAuditAsync());
    }

    [Theory]
    [InlineData("", Roles.Support, "userName", "请填写用户名")]
    [InlineData("张三", Roles.Support, "userName", "用户名只能包含英文字母、数字和 - . _ @ +")]
    [InlineData("packer", "boss", "role", "请选择角色")]
    [InlineData("packer", null, "role", "请选择角色")]
    public async Task Create_WithAMissingOrUnusableField_SaysWhichField(string userName, string? role, string field, string message)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => _h.As().CreateAsync(userName, role, NewPassword));

        Assert.Equal((field, message), (refusal.Field, refusal.MessageKey));
        Assert.Equal(3, await UserCountAsync());
    }

    [Fact]
    public async Task ChangeRole_MovesTheAccountToTheNewRoleOnly_EndsItsSessions_AndAuditsBeforeAndAfter()
    {
        var id = await IdOfAsync("warehouse");
        var stampBefore = await _h.WithUsersAsync(async u => (await u.FindByNameAsync("warehouse"))!.SecurityStamp);

        var changed = await _h.As().ChangeRoleAsync(id, Roles.Support);

        Assert.Equal(Roles.Support, changed.Role);
        Assert.Equal([Roles.Support], await _h.WithUsersAsync(async u => await u.GetRolesAsync((await u.FindByNameAsync("warehouse"))!)));
        Assert.NotEqual(stampBefore, await _h.WithUsersAsync(async u => (await u.FindByNameAsync("warehouse"))!.SecurityStamp));
        var entry = Assert.Single(await AccountAuditAsync());
        Assert.Equal(("role_changed", id, Roles.Warehouse, Roles.Support), (entry.Action, entry.EntityId, entry.FromStatus, entry.ToStatus));
    }

    [Fact]
    public async Task ResetPassword_ReplacesThePassword_AndAWeakOneKeepsTheOld()
    {
        var id = await IdOfAsync("support");

        var weak = await Assert.ThrowsAsync<DomainException>(() => _h.As().ResetPasswordAsync(id, "abc"));
        Assert.Equal(("password", "密码至少 10 位"), (weak.Field, weak.MessageKey));
        Assert.True(await _h.WithUsersAsync(async u => await u.CheckPasswordAsync((await u.FindByNameAsync("support"))!, AccountHarness.Password)));

        await _h.As().ResetPasswordAsync(id, NewPassword);

        Assert.True(await _h.WithUsersAsync(async u => await u.CheckPasswordAsync((await u.FindByNameAsync("support"))!, NewPassword)));
        Assert.False(await _h.WithUsersAsync(async u => await u.CheckPasswordAsync((await u.FindByNameAsync("support"))!, AccountHarness.Password)));
        Assert.Equal(["password_reset"], (await AccountAuditAsync()).Select(a => a.Action));
    }

    [Fact]
    public async Task Lock_KeepsThePersonOut_UntilUnlocked_AndBothAreAudited()
    {
        var id = await IdOfAsync("warehouse");

        var locked = await _h.As().LockAsync(id);

        Assert.True(locked.IsLockedByOwner);
        Assert.True(await _h.WithUsersAsync(async u => await u.IsLockedOutAsync((await u.FindByNameAsync("warehouse"))!)));
        var again = await Assert.ThrowsAsync<DomainException>(() => _h.As().LockAsync(id));
        Assert.Equal("该账号已锁定", again.MessageKey);

        var unlocked = await _h.As().UnlockAsync(id);

        Assert.False(unlocked.IsLocked);
        Assert.False(await _h.WithUsersAsync(async u => await u.IsLockedOutAsync((await u.FindByNameAsync("warehouse"))!)));
        Assert.Equal([("locked", "active", "locked"), ("unlocked", "locked", "active")],
            (await AccountAuditAsync()).Select(a => (a.Action, a.FromStatus!, a.ToStatus!)));
    }

    [Fact]
    public async Task Unlock_ClearsALockoutFromFailedSignIns()
    {
        var id = await IdOfAsync("support");
        await _h.WithUsersAsync(async u =>
        {
            var user = (await u.FindByNameAsync("support"))!;
            for (var i = 0; i < 5; i++) await u.AccessFailedAsync(user);
            return await u.IsLockedOutAsync(user);
        });
        var listed = (await _h.As().ListAsync()).Single(a => a.Id == id);
        Assert.True(listed.IsLocked);
        Assert.False(listed.IsLockedByOwner);

        await _h.As().UnlockAsync(id);

        Assert.False(await _h.WithUsersAsync(async u => await u.IsLockedOutAsync((await u.FindByNameAsync("support"))!)));
    }

    [Fact]
    public async Task TheOwner_CannotRemoveTheirOwnOwnerRole_NorLockThemselves()
    {
        var self = await IdOfAsync("admin");

        var demote = await Assert.ThrowsAsync<DomainException>(() => _h.As().ChangeRoleAsync(self, Roles.Warehouse));
        var lockSelf = await Assert.ThrowsAsync<DomainException>(() => _h.As().LockAsync(self));

        Assert.Equal("不能取消自己的店主角色", demote.MessageKey);
        Assert.Equal("不能锁定自己的账号", lockSelf.MessageKey);
        var admin = (await _h.As().ListAsync()).Single(a => a.Id == self);
        Assert.Equal((Roles.Admin, false), (admin.Role, admin.IsLocked));
        Assert.Empty(await AccountAuditAsync());
    }

    [Fact]
    public async Task TheLastUnlockedOwner_CanBeNeitherDemotedNorLocked_ByAnotherOwner()
    {
        // An owner whose own account is locked (or gone) would otherwise leave the shop with no owner who can sign in.
        var boss = _h.As("boss");
        var admin = await IdOfAsync("admin");

        var demote = await Assert.ThrowsAsync<DomainException>(() => boss.ChangeRoleAsync(admin, Roles.Support));
        var lockOut = await Assert.ThrowsAsync<DomainException>(() => boss.LockAsync(admin));

        Assert.Equal("店里至少要保留一个未锁定的店主账号", demote.MessageKey);
        Assert.Equal("店里至少要保留一个未锁定的店主账号", lockOut.MessageKey);

        var second = await _h.As().CreateAsync("owner2", Roles.Admin, NewPassword);
        await _h.As().LockAsync(second.Id);
        Assert.Equal("店里至少要保留一个未锁定的店主账号",
            (await Assert.ThrowsAsync<DomainException>(() => boss.ChangeRoleAsync(admin, Roles.Support))).MessageKey);

        await _h.As().UnlockAsync(second.Id);
        var demoted = await boss.ChangeRoleAsync(admin, Roles.Support);
        Assert.Equal(Roles.Support, demoted.Role);
    }

    [Theory]
    [InlineData(Roles.Warehouse)]
    [InlineData(Roles.Support)]
    public async Task SomeoneWhoIsNotTheOwner_IsRefusedEveryAccountAction(string role)
    {
        var service = _h.As(role, role);
        var target = await IdOfAsync("admin");

        var refusals = new List<DomainException>
        {
            await Assert.ThrowsAsync<DomainException>(() => service.ListAsync()),
            await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync("intruder", Roles.Admin, NewPassword)),
            await Assert.ThrowsAsync<DomainException>(() => service.ChangeRoleAsync(target, Roles.Support)),
            await Assert.ThrowsAsync<DomainException>(() => service.ResetPasswordAsync(target, NewPassword)),
            await Assert.ThrowsAsync<DomainException>(() => service.LockAsync(target)),
            await Assert.ThrowsAsync<DomainException>(() => service.UnlockAsync(target)),
        };

        Assert.All(refusals, r => Assert.Equal(DomainErrorKind.Forbidden, r.Kind));
        Assert.Equal(3, await UserCountAsync());
        Assert.True(await _h.WithUsersAsync(async u => await u.CheckPasswordAsync((await u.FindByNameAsync("admin"))!, AccountHarness.Password)));
        Assert.Empty(await AccountAuditAsync());
    }

    [Fact]
    public async Task Create_WhoseAuditEntryFails_LeavesNoAccount()
    {
        await _h.Database.RefuseAsync("refuse_audit", "INSERT", "AuditEntries");

        await Assert.ThrowsAsync<DbUpdateException>(() => _h.As().CreateAsync("packer", Roles.Warehouse, NewPassword));

        Assert.Equal(3, await UserCountAsync());
        await using var check = _h.Database.CreateDbContext();
        Assert.Equal(3, await check.UserRoles.CountAsync());
    }

    [Fact]
    public async Task Lock_WhoseAuditEntryFails_LeavesTheAccountOpen()
    {
        var id = await IdOfAsync("warehouse");
        await _h.Database.RefuseAsync("refuse_audit", "INSERT", "AuditEntries");

        await Assert.ThrowsAsync<DbUpdateException>(() => _h.As().LockAsync(id));

        Assert.False(await _h.WithUsersAsync(async u => await u.IsLockedOutAsync((await u.FindByNameAsync("warehouse"))!)));
    }
}

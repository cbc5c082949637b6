using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.Accounts;

/// <summary>
/// The server-side check in every service method that changes data: <c>guard.Demand(Permission.ReissuesCreate);</c>
/// as the method's first line. People are checked by role, API keys by scope, a background job that set
/// <see cref="Actor.System"/> passes. A refusal is a <see cref="DomainErrorKind.Forbidden"/> DomainException:
/// pages show its message, the API answers 403.
/// </summary>
public sealed class AccessGuard(CurrentActor current)
{
    public bool Allows(string permission) =>
        permission == Permission.Anonymous || current.IsSystem || AccessRules.Allows(current.User, permission);

    public void Demand(string permission)
    {
        if (Allows(permission)) return;
        var rule = AccessRules.Rule(permission);
        if (rule.Roles.Count == 0) throw DomainException.Forbidden("只有 API 密钥（{0}）可以执行此操作", string.Join(" / ", rule.Scopes));
        throw DomainException.Forbidden("无权执行此操作，需要角色：{0}", string.Join(" / ", rule.Roles.Select(Roles.Label)));
    }
}

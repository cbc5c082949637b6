using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Accounts;

/// <summary>The owner created an API key (audited once it is stored, with its name and scopes).</summary>
public sealed record ApiKeyCreated(Actor Actor, DateTime AtUtc, StoredApiKey Key) : DomainEvent(Actor, AtUtc)
{
    public override object? AuditAwaits => Key;

    public override AuditFact Audit() => new(AuditSubjects.ApiKey, Key.Id, null, "created", null, "active", $"{Key.Name} [{Key.Scopes}]");
}

/// <summary>The owner revoked an API key.</summary>
public sealed record ApiKeyRevoked(Actor Actor, DateTime AtUtc, StoredApiKey Key) : DomainEvent(Actor, AtUtc)
{
    public override AuditFact Audit() => new(AuditSubjects.ApiKey, Key.Id, null, "revoked", "active", "revoked", Key.Name);
}

using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Audit;

/// <summary>
/// One step of a timeline as it is read: an audit entry (or a courier event) with the number people know its subject
/// by — the reissue's BF number, the order number, the parcel's tracking number, the account's or key's name — in
/// place of the internal id, and <see cref="RelatedNo"/> for a parcel its note names by id.
/// </summary>
public sealed record AuditLine(DateTime AtUtc, Actor Actor, string Subject, int SubjectId, string Action,
    string? FromStatus = null, string? ToStatus = null, string? Note = null)
{
    public string? SubjectNo { get; init; }

    public string? RelatedNo { get; init; }

    /// <summary>The couriers, as the actor of the events they report on a parcel.</summary>
    public static readonly Actor Courier = new(ActorKind.System, "快递公司");
}

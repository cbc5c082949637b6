using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Features.Shared;

/// <summary>
/// Who is acting in this scope (a browser circuit or an API request). Pages act as the shop's operator
/// until sign-in sets the person; the API sets the calling key's name.
/// </summary>
public sealed class CurrentActor
{
    public Actor Actor { get; set; } = Actor.Person("店主");
}

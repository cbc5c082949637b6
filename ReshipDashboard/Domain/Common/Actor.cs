namespace ReshipDashboard.Domain.Common;

public enum ActorKind
{
    Person,
    ApiKey,
    System,
}

/// <summary>Who made a change: a signed-in person, an API key (by its name), or the system itself.</summary>
public sealed record Actor(ActorKind Kind, string Name)
{
    public static readonly Actor System = new(ActorKind.System, "系统");

    public static Actor Person(string name) => new(ActorKind.Person, name);

    public static Actor ApiKey(string name) => new(ActorKind.ApiKey, name);

    public override string ToString() => Kind switch
    {
        ActorKind.ApiKey => $"API:{Name}",
        _ => Name,
    };
}

namespace ReshipDashboard.Domain.Common;

/// <summary>An entity guarded by optimistic concurrency: <see cref="Version"/> is renewed on every save.</summary>
public interface IVersioned
{
    Guid Version { get; set; }
}

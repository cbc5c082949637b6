namespace ReshipDashboard.Features.Shared;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);

using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Domain.ReshipRequests;

/// <summary>One submitted version of a request: kept so earlier versions stay readable after a modification.</summary>
public sealed class ReshipRevision
{
    private readonly List<LineItem> _items = [];

    private ReshipRevision() { }

    public ReshipRevision(int number, ReshipContent content, DateTime atUtc)
    {
        Number = number;
        Reason = content.Reason;
        Description = content.Description;
        Address = content.Address;
        _items.AddRange(content.Items);
        AtUtc = atUtc;
    }

    public long Id { get; private set; }
    public int ReshipRequestId { get; private set; }
    public int Number { get; private set; }
    public ReshipReason Reason { get; private set; }
    public string? Description { get; private set; }
    public Address Address { get; private set; } = null!;
    public IReadOnlyList<LineItem> Items => _items;
    public DateTime AtUtc { get; private set; }
}

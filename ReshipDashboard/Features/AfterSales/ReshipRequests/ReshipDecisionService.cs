using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>The merchant's answers to 补寄申请, on the queue or through an ERP: approve (one or many) or reject.</summary>
public sealed class ReshipDecisionService(ReshipRequestWriter writer, ReshipQueryService queries, CurrentActor current)
{
    private readonly AccessGuard _guard = new(current);

    /// <summary>The merchant agrees: the request is approved and its reissue created. <paramref name="expectedVersion"/> is the version the person saw.</summary>
    public Task ApproveAsync(int id, Guid? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReshipRequestsDecide);
        return writer.ActAsync(id, expectedVersion, (db, request, now, actor) => writer.ApproveAsync(db, request, now, actor, null, cancellationToken), cancellationToken);
    }

    public Task RejectAsync(int id, RejectionReason reason, string? note, Guid? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReshipRequestsDecide);
        ReshipRequest.ValidateRejection(reason, note);
        return writer.ActAsync(id, expectedVersion, (_, request, now, actor) =>
        {
            request.Reject(reason, note, now, actor, recorded: true);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Approves each selected request on its own; one refusal does not stop the others.</summary>
    public async Task<IReadOnlyList<ReshipBulkResult>> BulkApproveAsync(IReadOnlyList<(int Id, Guid? Version)> selection, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReshipRequestsDecide);
        var results = new List<ReshipBulkResult>();
        foreach (var (id, version) in selection)
        {
            try
            {
                await ApproveAsync(id, version, cancellationToken);
                var after = await queries.GetAsync(id, cancellationToken);
                results.Add(new ReshipBulkResult(id, after?.OrderNo ?? "", after?.Status ?? ReshipStatus.Approved, after?.ReissueNo, null));
            }
            catch (DomainException e)
            {
                var stored = await queries.GetAsync(id, cancellationToken);
                results.Add(new ReshipBulkResult(id, stored?.OrderNo ?? "", stored?.Status ?? ReshipStatus.Pending, null, e));
            }
        }
        return results;
    }
}

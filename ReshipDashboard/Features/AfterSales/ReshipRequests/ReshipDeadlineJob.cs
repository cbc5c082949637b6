using Microsoft.EntityFrameworkCore;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>
/// The reship deadlines, one run's steps for <see cref="ReshipDeadlineService"/>: which requests are due, and for each
/// the one step its entity allows the deadline job (auto-approve or escalate, close a rejection, complete a shipment).
/// </summary>
public sealed class ReshipDeadlineJob(IDbContextFactory<ReshipDbContext> factory, ReshipRequestWriter writer, CurrentActor current, ShopClock clock)
{
    private readonly AccessGuard _guard = new(current);

    /// <summary>The deadline job's step for one request, as 系统: it re-checks the deadline inside the transaction it acts in.</summary>
    public Task RunDeadlineAsync(int id, CancellationToken cancellationToken = default)
    {
        _guard.Demand(Permission.ReshipRequestsDecide);
        return writer.ActAsync(id, null, async (db, request, now, _) =>
        {
            var actor = Actor.System;
            var due = request.AllowedActions(ReshipActorKind.Deadline, now, writer.Settings);
            if (due.Contains(ReshipAction.AutoApprove))
            {
                await writer.ApproveAsync(db, request, now, actor, "超时自动同意", cancellationToken);
            }
            else if (due.Contains(ReshipAction.AutoEscalate))
            {
                request.Escalate(now, writer.Settings, byDeadline: true, actor,
                    writer.Settings.OverdueReshipAction == OverdueReshipAction.AutoApprove ? "超时未处理，订单补发已达上限，转平台介入" : "超时未处理，自动申请平台介入");
            }
            else if (due.Contains(ReshipAction.CloseRejection))
            {
                request.CloseExpiredRejection(now, writer.Settings, actor);
            }
            else if (due.Contains(ReshipAction.AutoComplete))
            {
                request.AutoComplete(now, writer.Settings, actor);
            }
        }, cancellationToken);
    }

    /// <summary>Requests whose deadline has passed: pending past dueAt, rejections past the escalation window, shipped past auto-confirmation.</summary>
    public async Task<IReadOnlyList<int>> FindDueAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ReshipRequests.AsNoTracking().Where(ReshipRequest.DeadlinePassed(clock.UtcNow, writer.Settings))
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
    }
}

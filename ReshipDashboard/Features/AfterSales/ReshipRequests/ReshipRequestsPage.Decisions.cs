using MudBlazor;
using ReshipDashboard.Components.Shared;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

/// <summary>The queue's answers: approve (one or the selected ones) and reject, each telling the person who else won a race.</summary>
public sealed partial class ReshipRequestsPage
{
    private async Task ApproveAsync(ReshipRequestSummary row)
    {
        _busy = true;
        try
        {
            await Decisions.ApproveAsync(row.Id, row.Version);
            _handledHere.Add(row.Id);
            var after = await Requests.GetAsync(row.Id);
            Snackbar.Add(L["已同意 {0}，已生成补发单 {1}", row.OrderNo, after?.ReissueNo ?? "—"], Severity.Success);
        }
        catch (DomainException e) when (IsLostRace(e))
        {
            await TellLostRaceAsync(row);
        }
        catch (DomainException e)
        {
            Snackbar.Add(L.Localize(e), Severity.Error);
        }
        catch (Exception e) when (DatabaseTrouble.Is(e))
        {
            Snackbar.Add(L["数据库繁忙，请重试"], Severity.Error);
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync(keepRows: true);
    }

    /// <summary>Someone else handled the request first (or it changed under the person's eyes).</summary>
    internal static bool IsLostRace(DomainException e) => e.Kind is DomainErrorKind.Conflict or DomainErrorKind.InvalidState;

    /// <summary>Names the request's status as it is now, read afresh, not as the row last showed it.</summary>
    private async Task TellLostRaceAsync(ReshipRequestSummary row)
    {
        var now = await Requests.GetAsync(row.Id);
        Snackbar.Add($"{row.OrderNo} {L.Localize(DomainException.ChangedByOthers(now is null ? null : ApiWords.Of(now.Status)))}", Severity.Warning);
    }

    private async Task RejectAsync(ReshipRequestSummary row)
    {
        var parameters = new DialogParameters<ReshipRejectDialog>
        {
            { d => d.RequestId, row.Id },
            { d => d.OrderNo, row.OrderNo },
            { d => d.Version, row.Version },
        };
        var dialog = await Dialogs.ShowAsync<ReshipRejectDialog>(L["拒绝补寄申请"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: ReshipRejectDialog.Outcome outcome })
        {
            if (outcome == ReshipRejectDialog.Outcome.Rejected)
            {
                _handledHere.Add(row.Id);
                Snackbar.Add(L["已拒绝 {0}", row.OrderNo], Severity.Success);
            }
            else
            {
                await TellLostRaceAsync(row);
            }
            await LoadAsync(keepRows: true);
        }
    }

    /// <summary>批量同意 creates a reissue for each request: it asks first, naming how many and which orders.</summary>
    private async Task ConfirmBulkApproveAsync()
    {
        var chosen = _page.Rows.Where(r => _selected.Contains(r.Id)).ToList();
        if (chosen.Count == 0) return;
        var parameters = new DialogParameters<ReshipBulkApproveDialog> { { d => d.OrderNos, chosen.Select(r => r.OrderNo).ToList() } };
        var dialog = await Dialogs.ShowAsync<ReshipBulkApproveDialog>(L["批量同意"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false }) await BulkApproveAsync(chosen);
    }

    private async Task BulkApproveAsync(IReadOnlyList<ReshipRequestSummary> chosen)
    {
        _busy = true;
        try
        {
            _bulkResults = await Decisions.BulkApproveAsync(chosen.Select(r => (r.Id, (Guid?)r.Version)).ToList());
            _handledHere.UnionWith(_bulkResults.Where(r => r.Succeeded).Select(r => r.Id));
            _selected.Clear();
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync(keepRows: true);
    }
}

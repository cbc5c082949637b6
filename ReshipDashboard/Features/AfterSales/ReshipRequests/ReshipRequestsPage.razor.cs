using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using ReshipDashboard.Components.Shared;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features.Shared;

namespace ReshipDashboard.Features.AfterSales.ReshipRequests;

public sealed partial class ReshipRequestsPage
{
    /// <summary>How often the queue refreshes on its own (countdowns, changes from other processes), besides the change notifier.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    private const int PageSize = 20;

    private static readonly ReshipStatus[] Tabs =
    [
        ReshipStatus.Pending, ReshipStatus.PlatformReview, ReshipStatus.Approved, ReshipStatus.Shipped,
        ReshipStatus.Completed, ReshipStatus.Rejected, ReshipStatus.Withdrawn, ReshipStatus.Closed,
    ];

    [Inject] private ReshipRequestService Requests { get; set; } = null!;
    [Inject] private ReshipRequestChanges Changes { get; set; } = null!;
    [Inject] private ShopClock Clock { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;
    [Inject] private IOptions<ShopSettings> Options { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private ILogger<ReshipRequestsPage> Logger { get; set; } = null!;

    private readonly CancellationTokenSource _disposed = new();
    private readonly HashSet<int> _selected = [];
    private ReshipQueuePage _page = new([], 0, new Dictionary<ReshipStatus, int>());
    private IReadOnlyList<ReshipBulkResult> _bulkResults = [];
    private ReshipRequestDetail? _detail;
    private bool _drawerOpen;
    private int _tab;
    private int _pageIndex;
    private string? _orderNo;
    private ReshipReason? _reason;
    private bool _busy;
    private bool _interactive;

    private ReshipStatus CurrentStatus => Tabs[_tab];

    private int PageCount => (int)Math.Ceiling(_page.Total / (double)PageSize);

    protected override async Task OnInitializedAsync()
    {
        Changes.Changed += OnChanged;
        await LoadAsync(keepRows: false);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        _interactive = true;
        StateHasChanged();
        _ = RefreshLoopAsync();
    }

    private string TabLabel(ReshipStatus status) => status == ReshipStatus.Pending ? L["待处理"] : L.Status(status);

    private int Count(ReshipStatus status) => _page.Counts.TryGetValue(status, out var n) ? n : 0;

    /// <summary>Reloads the current tab; with <paramref name="keepRows"/> the rows on screen stay where they are, showing their new status.</summary>
    private async Task LoadAsync(bool keepRows)
    {
        var keep = keepRows ? _page.Rows.Select(r => r.Id).ToList() : null;
        _page = await Requests.QueueAsync(new ReshipQueueQuery(CurrentStatus, _orderNo, _reason, _pageIndex, PageSize, keep));
        _selected.IntersectWith(_page.Rows.Where(r => r.Status == ReshipStatus.Pending).Select(r => r.Id));
        if (_drawerOpen && _detail is not null) _detail = await Requests.GetAsync(_detail.Id);
    }

    private void OnChanged(ReshipChange change) => _ = InvokeAsync(async () =>
    {
        if (_disposed.IsCancellationRequested) return;
        await LoadAsync(keepRows: true);
        StateHasChanged();
    });

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(RefreshEvery, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                try
                {
                    await InvokeAsync(async () =>
                    {
                        await LoadAsync(keepRows: true);
                        StateHasChanged();
                    });
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy database or any other fault skips one refresh; the loop goes on.
                    Logger.LogWarning(e, "Refreshing the reship queue failed; trying again at the next tick");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SearchAsync()
    {
        _pageIndex = 0;
        _bulkResults = [];
        await LoadAsync(keepRows: false);
    }

    private async Task OnReasonChanged(ReshipReason? reason)
    {
        _reason = reason;
        await SearchAsync();
    }

    private async Task OnTabChanged(int index)
    {
        _tab = index;
        _pageIndex = 0;
        _selected.Clear();
        await LoadAsync(keepRows: false);
    }

    private async Task OnPageChanged(int page)
    {
        _pageIndex = page - 1;
        await LoadAsync(keepRows: false);
    }

    private void Select(ReshipRequestSummary row, bool selected)
    {
        if (selected) _selected.Add(row.Id);
        else _selected.Remove(row.Id);
    }

    private async Task OpenDetailAsync(ReshipRequestSummary row)
    {
        _detail = await Requests.GetAsync(row.Id);
        _drawerOpen = _detail is not null;
    }

    private async Task ApproveAsync(ReshipRequestSummary row)
    {
        _busy = true;
        try
        {
            await Requests.ApproveAsync(row.Id, row.Version);
            var after = await Requests.GetAsync(row.Id);
            Snackbar.Add(L["已同意 {0}，已生成补发单 {1}", row.OrderNo, after?.ReissueNo ?? "—"], Severity.Success);
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
        if (result is { Canceled: false })
        {
            Snackbar.Add(L["已拒绝 {0}", row.OrderNo], Severity.Success);
            await LoadAsync(keepRows: true);
        }
    }

    private async Task BulkApproveAsync()
    {
        _busy = true;
        try
        {
            var selection = _page.Rows.Where(r => _selected.Contains(r.Id)).Select(r => (r.Id, (Guid?)r.Version)).ToList();
            _bulkResults = await Requests.BulkApproveAsync(selection);
            _selected.Clear();
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync(keepRows: true);
    }

    public async ValueTask DisposeAsync()
    {
        Changes.Changed -= OnChanged;
        await _disposed.CancelAsync();
        _disposed.Dispose();
    }
}

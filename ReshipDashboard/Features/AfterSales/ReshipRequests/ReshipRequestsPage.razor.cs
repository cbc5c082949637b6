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

    [Inject] private ReshipQueryService Requests { get; set; } = null!;
    [Inject] private ReshipDecisionService Decisions { get; set; } = null!;
    [Inject] private ReshipRequestChanges Changes { get; set; } = null!;
    [Inject] private ShopClock Clock { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;
    [Inject] private IOptions<ShopSettings> Options { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private ILogger<ReshipRequestsPage> Logger { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "status")] public string? StatusQuery { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? OrderNoQuery { get; set; }
    [SupplyParameterFromQuery(Name = "reason")] public string? ReasonQuery { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? PageQuery { get; set; }

    private readonly CancellationTokenSource _disposed = new();
    private readonly HashSet<int> _selected = [];

    /// <summary>Requests this person handled here: they move on like any other, but are not tagged as handled by someone else.</summary>
    private readonly HashSet<int> _handledHere = [];

    private readonly Dictionary<int, ReshipQueueRow> _rows = [];
    private ReshipDetailPanel? _panel;
    private (ReshipStatus Status, string? OrderNo, ReshipReason? Reason, int Page)? _shown;
    private bool _focusDetail;
    private int? _returnFocusTo;
    private ReshipQueuePage _page = new([], 0, new Dictionary<ReshipStatus, int>());
    private IReadOnlyList<ReshipBulkResult> _bulkResults = [];
    private ReshipRequestDetail? _detail;
    private bool _drawerOpen;
    private int _tab;
    private int _pageIndex;
    private string? _orderNo;
    private ReshipReason? _reason;
    private ReshipSlaFilter? _sla;
    private bool _busy;
    private bool _interactive;
    private ReshipChangeStamp? _stamp;
    private bool _firstViewRead;

    private ReshipStatus CurrentStatus => Tabs[_tab];

    private int PageCount => (int)Math.Ceiling(_page.Total / (double)PageSize);

    /// <summary>The queue read while prerendering, handed to the interactive render so it is not read twice.</summary>
    [PersistentState] public ReshipQueuePage? Prerendered { get; set; }

    protected override void OnInitialized() => Changes.Changed += OnChanged;

    /// <summary>Tab, search, reason and page live in the URL: Back returns to them, a reload keeps them, a link shares them.</summary>
    protected override async Task OnParametersSetAsync()
    {
        var status = Tabs.FirstOrDefault(t => ApiWords.Of(t) == StatusQuery, Tabs[0]);
        ReshipReason? reason = ApiWords.TryParse<ReshipReason>(ReasonQuery, out var r) ? r : null;
        var orderNo = string.IsNullOrWhiteSpace(OrderNoQuery) ? null : OrderNoQuery.Trim();
        // A report's figure opens the queue with its filter in the address (sla, from, to, by).
        var sla = SlaFilterQuery.FromUri(Navigation.Uri);
        if (sla != _sla) _shown = null;
        _sla = sla;
        await ApplyAsync((status, orderNo, reason, ListUrl.PageIndex(PageQuery)));
    }

    private async Task ApplyAsync((ReshipStatus Status, string? OrderNo, ReshipReason? Reason, int Page) state)
    {
        if (state == _shown) return;
        var (status, orderNo, reason, _) = state;
        if (_shown is { } before && before.Status != status) _selected.Clear();
        if (_shown is null || _shown.Value.OrderNo != orderNo || _shown.Value.Reason != reason || _shown.Value.Status != status) _bulkResults = [];
        _shown = state;
        (_tab, _orderNo, _reason, _pageIndex) = (Array.IndexOf(Tabs, status), orderNo, reason, state.Page);
        // The first view is read once: by the prerender, whose page the interactive render takes over.
        if (!_firstViewRead && Prerendered is { } ready) _page = ready;
        else await LoadAsync(keepRows: false);
        if (!_firstViewRead) (_firstViewRead, Prerendered) = (true, _page);
        if (_sla is not null && StatusQuery is null && Count(CurrentStatus) == 0 && Tabs.FirstOrDefault(s => Count(s) > 0) is var first && Count(first) > 0)
        {
            // Opened from a report figure: show the first tab that holds any of its requests.
            _tab = Array.IndexOf(Tabs, first);
            await LoadAsync(keepRows: false);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
            _ = RefreshLoopAsync();
        }
        if (_focusDetail && _panel is not null)
        {
            _focusDetail = false;
            await _panel.FocusAsync();
        }
        if (_returnFocusTo is { } id)
        {
            _returnFocusTo = null;
            if (_page.Rows.Any(r => r.Id == id) && _rows.TryGetValue(id, out var row)) await row.FocusDetailsAsync();
        }
    }

    /// <summary>Shown in a tab its status no longer belongs to because someone else handled it (not this person, here).</summary>
    private bool IsStale(ReshipRequestSummary row, ReshipStatus tab) => row.Status != tab && !_handledHere.Contains(row.Id);

    /// <summary>Moves to another view of the queue as a new history entry; the same view again reloads it.</summary>
    private async Task ShowAsync(ReshipStatus status, string? orderNo, ReshipReason? reason, int page)
    {
        var uri = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["status"] = status == Tabs[0] ? null : ApiWords.Of(status),
            ["q"] = string.IsNullOrWhiteSpace(orderNo) ? null : orderNo.Trim(),
            ["reason"] = reason is { } r ? ApiWords.Of(r) : null,
            ["page"] = ListUrl.Page(page),
        });
        if (uri != Navigation.Uri)
        {
            Navigation.NavigateTo(uri);
            await ApplyAsync((status, string.IsNullOrWhiteSpace(orderNo) ? null : orderNo.Trim(), reason, page));
            return;
        }
        _bulkResults = [];
        await LoadAsync(keepRows: false);
    }

    private string TabLabel(ReshipStatus status) => status == ReshipStatus.Pending ? L["待处理"] : L.Status(status);

    private int Count(ReshipStatus status) => _page.Counts.TryGetValue(status, out var n) ? n : 0;

    /// <summary>Reloads the current tab; with <paramref name="keepRows"/> the rows on screen stay where they are, showing their new status.</summary>
    private async Task LoadAsync(bool keepRows)
    {
        _stamp = await Requests.LastChangeAsync();
        var keep = keepRows ? _page.Rows.Select(r => r.Id).ToList() : null;
        _page = await Requests.QueueAsync(new ReshipQueueQuery(CurrentStatus, _orderNo, _reason, _pageIndex, PageSize, keep, _sla));
        _selected.IntersectWith(_page.Rows.Where(r => r.MerchantActions.Contains(ReshipAction.Approve)).Select(r => r.Id));
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
                        // Nothing changed since the last read (one look at the change index): only the countdowns move.
                        if (await Requests.LastChangeAsync() != _stamp) await LoadAsync(keepRows: true);
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

    private Task SearchAsync() => ShowAsync(CurrentStatus, _orderNo, _reason, 0);

    private void ClearSla() => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["sla"] = null, ["from"] = null, ["to"] = null, ["by"] = null,
    }));

    private Task OnReasonChanged(ReshipReason? reason)
    {
        _reason = reason;
        return SearchAsync();
    }

    private Task OnTabChanged(int index) => ShowAsync(Tabs[index], _orderNo, _reason, 0);

    private Task OnPageChanged(int page) => ShowAsync(CurrentStatus, _orderNo, _reason, page - 1);

    private void Select(ReshipRequestSummary row, bool selected)
    {
        if (selected) _selected.Add(row.Id);
        else _selected.Remove(row.Id);
    }

    private async Task OpenDetailAsync(ReshipRequestSummary row)
    {
        _detail = await Requests.GetAsync(row.Id);
        _drawerOpen = _detail is not null;
        _focusDetail = _drawerOpen;
    }

    /// <summary>Escape, the close button or a click beside the drawer: focus goes back to the row's 详情 button.</summary>
    private Task CloseDetailAsync() => OnDrawerOpenChanged(false);

    private Task OnDrawerOpenChanged(bool open)
    {
        if (_drawerOpen && !open) _returnFocusTo = _detail?.Id;
        _drawerOpen = open;
        StateHasChanged();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Changes.Changed -= OnChanged;
        await _disposed.CancelAsync();
        _disposed.Dispose();
    }
}

using System.Globalization;
using Microsoft.Extensions.Localization;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Reissues;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Components.Shared;

/// <summary>The words shown for statuses, sources, scenarios, reasons and couriers, in the reader's language.</summary>
public static class Labels
{
    public static string Status<T>(this IStringLocalizer l, T value) where T : struct, Enum => l[$"status.{ApiWords.Of(value)}"];

    public static string Source(this IStringLocalizer l, ReissueSource value) => l[$"source.{ApiWords.Of(value)}"];

    public static string Scenario(this IStringLocalizer l, ReissueScenario value) => l[$"scenario.{ApiWords.Of(value)}"];

    public static string Reason(this IStringLocalizer l, ReshipReason value) => l[$"reason.{ApiWords.Of(value)}"];

    public static string Rejection(this IStringLocalizer l, RejectionReason value) => l[$"rejection.{ApiWords.Of(value)}"];

    public static string AfterSaleType(this IStringLocalizer l, AfterSaleType value) => l[$"aftersale.{ApiWords.Of(value)}"];

    public static string Courier(string? code) =>
        code is null ? "—" : Domain.Shipments.Courier.Find(code)?.DisplayName(CultureInfo.CurrentUICulture) ?? code;

    /// <summary>¥19.90 from 1990 fen.</summary>
    public static string Money(long fen) => (fen / 100m).ToString("¥#,0.00", CultureInfo.InvariantCulture);

    public static MudBlazor.Color Color(ShipmentStatus status) => status switch
    {
        ShipmentStatus.Delivered => MudBlazor.Color.Success,
        ShipmentStatus.Intercepted or ShipmentStatus.Returned => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Info,
    };

    public static MudBlazor.Color Color(ReissueStatus status) => status switch
    {
        ReissueStatus.AwaitingManualTracking => MudBlazor.Color.Warning,
        ReissueStatus.AwaitingTracking => MudBlazor.Color.Info,
        ReissueStatus.Shipped or ReissueStatus.Delivered => MudBlazor.Color.Success,
        _ => MudBlazor.Color.Default,
    };
}

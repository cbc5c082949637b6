using MudBlazor;

namespace ReshipDashboard.Components.Layout;

/// <summary>Colours chosen for WCAG AA contrast (MudBlazor's default Success, Error and disabled greys fail it).</summary>
public static class ReshipTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#C62828",
            Secondary = "#455A64",
            Tertiary = "#6A1B9A",
            Info = "#0D47A1",
            Success = "#2E7D32",
            Warning = "#8A4B00",
            Error = "#B71C1C",
            AppbarBackground = "#B71C1C",
            AppbarText = "#FFFFFF",
            ActionDisabled = "rgba(0,0,0,0.60)",
            TextSecondary = "rgba(0,0,0,0.70)",
            DrawerText = "rgba(0,0,0,0.87)",
            DrawerIcon = "rgba(0,0,0,0.70)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}

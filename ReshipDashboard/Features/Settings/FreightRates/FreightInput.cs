using System.Globalization;
using ReshipDashboard.Domain.Shop;

namespace ReshipDashboard.Features.Settings.FreightRates;

/// <summary>Reads a freight typed in yuan ("8", "8.5", "８．５０") into fen, exactly; anything else is refused.</summary>
public static class FreightInput
{
    public static bool TryParseFen(string? text, out long fen)
    {
        fen = 0;
        var normalised = (text ?? "").Normalize(System.Text.NormalizationForm.FormKC).Trim().TrimStart('¥', '￥').Trim();
        if (!decimal.TryParse(normalised, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan)) return false;
        var scaled = yuan * 100;
        if (scaled != decimal.Truncate(scaled) || scaled > CourierFreightRate.MaxFen) return false;
        fen = (long)scaled;
        return true;
    }
}

using System.Text.Json;

namespace ReshipDashboard.Domain.Common;

/// <summary>The snake_case words the integration API uses for enum values (AwaitingManualTracking → awaiting_manual_tracking).</summary>
public static class ApiWords
{
    public static string Of<T>(T value) where T : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParse<T>(string? word, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), word, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}

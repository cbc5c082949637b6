using System.Text;

namespace ReshipDashboard.Domain.Common;

/// <summary>Text as people and clients send it: normalised safely (a lone surrogate cannot throw) and measured in characters.</summary>
public static class TextInput
{
    /// <summary>NFKC and trimmed; a lone surrogate becomes U+FFFD instead of failing the normalisation.</summary>
    public static string Normalise(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return string.Empty;
        var text = HasLoneSurrogate(raw) ? ReplaceLoneSurrogates(raw) : raw;
        return text.Normalize(NormalizationForm.FormKC).Trim();
    }

    /// <summary>The length in characters (Unicode scalar values), not UTF-16 units: 𠀀 counts once.</summary>
    public static int Length(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            count++;
        }
        return count;
    }

    public static bool HasLoneSurrogate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
                return true;
            }
            if (char.IsLowSurrogate(text[i])) return true;
        }
        return false;
    }

    /// <summary>Control characters other than tab and line breaks (which multi-line remarks may hold).</summary>
    public static bool HasControlCharacter(string? text) =>
        !string.IsNullOrEmpty(text) && text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));

    private static string ReplaceLoneSurrogates(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }
            sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return sb.ToString();
    }
}

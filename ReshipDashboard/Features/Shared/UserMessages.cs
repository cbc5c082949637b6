using System.Globalization;
using Microsoft.Extensions.Localization;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Features.Shared;

/// <summary>Turns a refused action into a sentence in the reader's language; status words are shown with their label.</summary>
public static class UserMessages
{
    public static string Localize(this IStringLocalizer localizer, DomainException e) =>
        Format(localizer, e.MessageKey, e.Arguments);

    public static string Format(IStringLocalizer localizer, string key, params object?[] args)
    {
        var localizedArgs = args.Select(a => a is string s ? (object)Word(localizer, s) : a).ToArray();
        return string.Format(CultureInfo.CurrentCulture, localizer[key].Value, localizedArgs);
    }

    /// <summary>A status word shows its label (pending → 待商家处理); an action word such as 同意 its translation.</summary>
    private static string Word(IStringLocalizer localizer, string word) =>
        localizer[$"status.{word}"] is { ResourceNotFound: false } status ? status.Value : localizer[word].Value;
}

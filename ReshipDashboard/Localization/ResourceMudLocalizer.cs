using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ReshipDashboard.Localization;

/// <summary>MudBlazor's own texts (pager, grid menus) from the app's resources: `mud.{key}` in Chinese, MudBlazor's English otherwise.</summary>
internal sealed class ResourceMudLocalizer(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            if (System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "zh")
                return new LocalizedString(key, key, resourceNotFound: true);
            var found = localizer[$"mud.{key}"];
            return found.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, found.Value);
        }
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace ReshipDashboard.Localization;

public static class LocalizationSetup
{
    public static readonly CultureInfo Chinese = new("zh-CN");
    public static readonly CultureInfo English = new("en");
    public static readonly CultureInfo[] Supported = [Chinese, English];

    public static IServiceCollection AddReshipLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddTransient<MudLocalizer, ResourceMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Chinese);
            o.SupportedCultures = Supported;
            o.SupportedUICultures = Supported;
            // Pages: Chinese unless the language switch's cookie says otherwise. The API: Accept-Language, Chinese by default.
            var acceptLanguage = new AcceptLanguageHeaderRequestCultureProvider();
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(async http =>
                    http.Request.Path.StartsWithSegments("/api") ? await acceptLanguage.DetermineProviderCultureResult(http) : null),
                new CookieRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>`/culture/set?culture=en&amp;redirectUri=/…` stores the choice in the culture cookie and goes back.</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/set", (string? culture, string? redirectUri, HttpContext http) =>
        {
            var chosen = Supported.FirstOrDefault(c => c.Name == culture) ?? Chinese;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            // Only a plain local path in printable ASCII: control characters (`/%09x`), raw non-ASCII or a second slash are not.
            var target = redirectUri is { Length: > 0 and <= 2048 } && redirectUri.StartsWith('/') && !redirectUri.StartsWith("//")
                && !redirectUri.StartsWith("/\\") && redirectUri.All(c => c is > ' ' and <= '~')
                ? redirectUri : "/";
            return Results.LocalRedirect(target);
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}

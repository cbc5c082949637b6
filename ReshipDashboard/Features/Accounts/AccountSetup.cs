using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Accounts;

namespace ReshipDashboard.Features.Accounts;

/// <summary>Sign-in (ASP.NET Core Identity on the app's database, cookie for pages), the access policies and the sign-in rate limit.</summary>
public static class AccountSetup
{
    public const string LoginPath = "/account/login";
    public const string ForbiddenPath = "/account/forbidden";

    public static IServiceCollection AddReshipAccounts(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection(AccountOptions.Section));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddIdentityCore<ReshipUser>(IdentityRules)
            .AddRoles<ReshipRole>()
            .AddEntityFrameworkStores<ReshipDbContext>()
            .AddSignInManager();

        // A lock or a role change on the accounts page renews the security stamp; the cookie is re-checked against
        // it every minute (Identity's default is 30), an open page's circuit every 5 minutes.
        // Every request re-reads the security stamp: a lock or a role change ends the session on the next request.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = LoginPath;
            o.AccessDeniedPath = ForbiddenPath;
            o.LogoutPath = "/account/logout";
            o.Cookie.Name = ".Reship.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context =>
            {
                if (IsApi(context.Request)) context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
            // A page the person's role may not open answers 403 in place (the status page names the role it needs).
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (permission, rule) in AccessRules.Permissions)
            authorization.AddPolicy(permission, p =>
            {
                p.RequireAuthenticatedUser();
                // A permission only API keys hold is closed to every person.
                if (rule.Roles.Count > 0) p.RequireRole(rule.Roles);
                else p.RequireAssertion(_ => false);
            });

        services.Configure<RateLimiterOptions>(o =>
        {
            // Matched on the endpoint (the sign-in and change-password pages), not on a path string that
            // `/account/login/` or `/ACCOUNT/login` would slip past.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && PasswordPage(http) is { } page
                    ? RateLimitPartition.GetFixedWindowLimiter(page + ":" + (http.Connection.RemoteIpAddress?.ToString() ?? "local"), _ =>
                        new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.SignInAttemptsPerMinute,
                            Window = TimeSpan.FromMinutes(1),
                            QueueLimit = 0,
                        })
                    : RateLimitPartition.GetNoLimiter("none"));
        });

        services.Configure<Microsoft.AspNetCore.Components.Server.CircuitOptions>(o =>
        {
            o.DetailedErrors = environment.IsDevelopment();
            o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
            o.DisconnectedCircuitMaxRetained = 100;
            o.MaxBufferedUnacknowledgedRenderBatches = 10;
            o.JSInteropDefaultCallTimeout = TimeSpan.FromMinutes(1);
        });

        services.TryAddSingleton<SessionRevocations>();
        services.AddSingleton<SessionStampWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionStampWatcher>());
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthenticationState>();
        services.AddScoped<SignInAuditor>();
        services.AddSingleton<AccountSeeder>();
        services.AddHostedService<AccountStartup>();
        return services;
    }

    /// <summary>Password, lockout and user-name rules of every account (sign-in, the owner's account page, tests).</summary>
    public static void IdentityRules(IdentityOptions o)
    {
        o.Password.RequiredLength = 10;
        o.Password.RequireDigit = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 4;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.User.RequireUniqueEmail = false;
        o.SignIn.RequireConfirmedAccount = false;
    }

    /// <summary>Sign-out: a POST with the antiforgery token, never a link.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<ReshipUser> signIn, SignInAuditor audit, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest();
            await audit.RecordAsync(http.User.Identity?.Name ?? "", "signed_out");
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~" + LoginPath);
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>Too many sign-in attempts: 429 with Retry-After, as a short page.</summary>
    public static async Task WriteSignInRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/plain; charset=utf-8";
        var localizer = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        await http.Response.WriteAsync(localizer["登录尝试过于频繁，请稍后再试"], cancellationToken);
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>"sign-in" or "change-password" when the request's endpoint is one of the pages that check a password.</summary>
    private static string? PasswordPage(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>()?.Type switch
        {
            var t when t == typeof(Pages.LoginPage) => "sign-in",
            var t when t == typeof(Pages.ChangePasswordPage) => "change-password",
            _ => null,
        };
}

/// <summary>Configuration section `Accounts`.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>Sign-in form posts allowed per client address per minute (then 429).</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>The first owner, created at start when no owner exists (Production's way in).</summary>
    public InitialOwnerOptions InitialOwner { get; set; } = new();
}

public sealed class InitialOwnerOptions
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

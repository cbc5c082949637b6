using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Features;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Shared;
using ReshipDashboard.Localization;

namespace ReshipDashboard.Tests.TestSupport;

/// <summary>
/// One bUnit base for component tests: MudBlazor services with loose JS interop, the app's localization and
/// feature services over a migrated test database, a fake clock and Chinese as the culture.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    private TestDatabase? _database;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));

    /// <summary>Who is signed in: the admin account by default; <see cref="SignInAs"/> changes the role.</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext Auth { get; }

    /// <summary>What prerendering hands to the interactive render (pages that read once persist their data here).</summary>
    protected Bunit.TestDoubles.BunitPersistentComponentState PersistentState { get; }

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("InitializeAsync has not run");

    protected MudTestContext()
    {
        System.Globalization.CultureInfo.CurrentCulture = LocalizationSetup.Chinese;
        System.Globalization.CultureInfo.CurrentUICulture = LocalizationSetup.Chinese;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddReshipLocalization();
        Services.AddLogging();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        Services.AddReshipFeatures(configuration);
        Services.AddSingleton<TimeProvider>(Clock);
        Auth = AddAuthorization();
        PersistentState = this.AddBunitPersistentComponentState();
        SignInAs(Roles.Admin);
    }

    /// <summary>Renders from now on as prerendering does (static, on the server): what a page reads is handed on.</summary>
    protected void Prerendering()
    {
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        _rendererChosen = true;
    }

    /// <summary>Renders from now on as an interactive server circuit (the default).</summary>
    protected void Interactive()
    {
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        _rendererChosen = true;
    }

    /// <summary>Renders from now on as the account named after the role, holding that role (null: nobody signed in).</summary>
    protected void SignInAs(string? role)
    {
        if (role is null)
        {
            Auth.SetNotAuthorized();
            return;
        }
        Auth.SetAuthorized(role);
        Auth.SetRoles(role);
    }

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Services.AddSingleton<IDbContextFactory<ReshipDbContext>>(_database);
    }

    protected ShopSettings Settings => Services.GetRequiredService<IOptions<ShopSettings>>().Value;

    private readonly List<IServiceScope> _keyScopes = [];

    /// <summary>
    /// A feature service acting as an API key of the given scopes (default: the platform, which reports the buyers'
    /// actions and its rulings), in a scope of its own; the rendered pages stay with the signed-in person.
    /// </summary>
    protected T AsApiKey<T>(string name = "platform", params string[] scopes) where T : notnull
    {
        var scope = Services.CreateScope();
        _keyScopes.Add(scope);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().User =
            TestActors.Key(name, scopes.Length == 0 ? [ReshipDashboard.Features.Accounts.ApiScopes.Platform] : scopes);
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    public new virtual async Task DisposeAsync()
    {
        foreach (var scope in _keyScopes) scope.Dispose();
        await base.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    /// <summary>Renders a popover provider first, so menus, selects and dialogs have somewhere to open.</summary>
    /// <summary>The popover provider every MudBlazor page needs; renders as an interactive circuit unless told otherwise.</summary>
    protected IRenderedComponent<MudPopoverProvider> RenderProviders()
    {
        if (!_rendererChosen) Interactive();
        return Render<MudPopoverProvider>();
    }

    private bool _rendererChosen;
}

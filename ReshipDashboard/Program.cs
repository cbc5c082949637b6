using MudBlazor.Services;
using ReshipDashboard.Components;
using ReshipDashboard.Data;
using ReshipDashboard.Features;
using ReshipDashboard.Features.Accounts;
using ReshipDashboard.Features.Security;
using ReshipDashboard.Features.Api;
using ReshipDashboard.Localization;

var builder = WebApplication.CreateBuilder(args);
// Serves the packages' assets (MudBlazor, the Blazor script) from the build output in every environment, so
// `dotnet run` in Production works as in Development; a published app carries them itself.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddReshipLocalization();
builder.Services.AddReshipData(builder.Configuration, builder.Environment);
builder.Services.AddReshipAccounts(builder.Configuration, builder.Environment);
builder.Services.AddReshipFeatures(builder.Configuration);
builder.Services.AddReshipApi();

var app = builder.Build();

app.UseSecurityHeaders();
// Pages' error handling sits outside the API's, which answers its own errors as problem+json first.
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
// 403 renders the page that names the role needed, any other error status "not found".
app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseReshipApiErrors();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseReshipApiBodyLimits();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapCultureSwitch();
app.MapAccountEndpoints();
app.MapReshipFeatures();
app.MapReshipApi().MapReshipEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

try
{
    app.Run();
}
catch (DatabaseUnavailableException)
{
    return 1; // already logged, in one line, by DatabaseStartup
}
return 0;

public partial class Program;

using MudBlazor.Services;
using ReshipDashboard.Components;
using ReshipDashboard.Data;
using ReshipDashboard.Features;
using ReshipDashboard.Features.Api;
using ReshipDashboard.Localization;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddReshipLocalization();
builder.Services.AddReshipData(builder.Configuration, builder.Environment);
builder.Services.AddReshipFeatures(builder.Configuration);
builder.Services.AddReshipApi();

var app = builder.Build();

app.UseRequestLocalization();
app.UseReshipApiErrors();
app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), pages =>
{
    if (!app.Environment.IsDevelopment()) pages.UseExceptionHandler("/Error", createScopeForErrors: true);
    pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
});
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseReshipApiBodyLimits();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapCultureSwitch();
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

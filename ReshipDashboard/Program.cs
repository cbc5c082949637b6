using MudBlazor.Services;
using ReshipDashboard.Components;
using ReshipDashboard.Data;
using ReshipDashboard.Features;
using ReshipDashboard.Localization;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddReshipLocalization();
builder.Services.AddReshipData(builder.Configuration, builder.Environment);
builder.Services.AddReshipFeatures(builder.Configuration);

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseRequestLocalization();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapCultureSwitch();
app.MapReshipFeatures();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;

using System.Text.Json.Nodes;

namespace ReshipDashboard.Tests.Features.Hosting;

/// <summary>The runtime settings the built app starts with, as the runtime reads them from its runtimeconfig.json.</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void BuiltApp_RunsTheWorkstationCollector()
    {
        // The web SDK turns the server collector on unless the project turns it off; a misspelt property is ignored
        // without a warning, so the file the runtime reads is what is checked.
        var path = Path.Combine(AppContext.BaseDirectory, "ReshipDashboard.runtimeconfig.json");
        var settings = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;
        Assert.False(settings["System.GC.Server"]!.GetValue<bool>());
    }
}

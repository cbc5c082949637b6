using Microsoft.Extensions.Configuration;
using ReshipDashboard.Features.Api;

namespace ReshipDashboard.Tests.Features.Api;

public sealed class ConfiguredApiKeysTests
{
    [Fact]
    public void FindsAConfiguredKey_ByItsPosition_AndNothingElse()
    {
        var configuration = Configuration(("Api:Keys:0", "first-key-123456"), ("Api:Keys:1", ""), ("Api:Keys:2", "third-key-123456"));
        using var keys = new ConfiguredApiKeys(configuration);

        Assert.Equal(0, keys.IndexOf("first-key-123456"));
        Assert.Equal(2, keys.IndexOf("third-key-123456"));
        Assert.Null(keys.IndexOf(""));
        Assert.Null(keys.IndexOf("third-key-12345"));
    }

    [Fact]
    public void AReloadedConfiguration_IsReadAgain()
    {
        var configuration = Configuration(("Api:Keys:0", "old-key-123456"));
        using var keys = new ConfiguredApiKeys(configuration);

        configuration["Api:Keys:0"] = "new-key-123456";
        configuration.Reload();

        Assert.Equal(0, keys.IndexOf("new-key-123456"));
        Assert.Null(keys.IndexOf("old-key-123456"));
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// The keys of configuration `Api:Keys`, read once and again whenever the configuration reloads: binding the section
/// walks every configuration key of every source, too much work to repeat on each API call.
/// </summary>
public sealed class ConfiguredApiKeys : IDisposable
{
    private readonly IDisposable _reload;
    private volatile byte[][] _keys = [];

    public ConfiguredApiKeys(IConfiguration configuration)
    {
        Read(configuration);
        _reload = ChangeToken.OnChange(configuration.GetReloadToken, () => Read(configuration));
    }

    /// <summary>The position of <paramref name="presented"/> in `Api:Keys` (compared in constant time), or null.</summary>
    public int? IndexOf(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        var keys = _keys;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Length == 0) continue;
            if (CryptographicOperations.FixedTimeEquals(bytes, keys[i])) return i;
        }
        return null;
    }

    private void Read(IConfiguration configuration) =>
        _keys = (configuration.GetSection("Api:Keys").Get<string[]>() ?? [])
            .Select(k => string.IsNullOrEmpty(k) ? [] : Encoding.UTF8.GetBytes(k)).ToArray();

    public void Dispose() => _reload.Dispose();
}

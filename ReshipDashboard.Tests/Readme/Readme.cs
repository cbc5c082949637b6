using System.Text.RegularExpressions;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Readme;

/// <summary>The README's fenced shell blocks, so tests run the commands exactly as they are written there.</summary>
public static partial class Readme
{
    public static string Text { get; } = File.ReadAllText(Path.Combine(AppProcess.RepositoryRoot, "README.md"));

    public static IReadOnlyList<string> Blocks { get; } =
        [.. ShellBlock().Matches(Text).Select(m => m.Groups[1].Value.Trim())];

    /// <summary>The one block that matches; a README that lost it (or has it twice) fails the test that needs it.</summary>
    public static string Block(Func<string, bool> match) => Assert.Single(Blocks, b => match(b));

    /// <summary>The one command line, in any block, that matches.</summary>
    public static string Command(Func<string, bool> match) =>
        Assert.Single(Blocks.SelectMany(b => b.Split('\n')).Select(l => l.Trim()), l => match(l));

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}

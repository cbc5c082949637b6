using System.Text.RegularExpressions;
using NetArchTest.Rules;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Architecture;

/// <summary>
/// Which part of the app may use which: the domain stands alone; the data layer knows the domain only; features
/// do not reach into the integration API (the API calls the features, not the other way round); the components
/// around the pages reach the features only through the menu's access rules and sign-in pages. Checked twice: in
/// the compiled code (every type a type uses), and in the source (a constant is copied into the code that uses it,
/// so only the source shows that use).
/// </summary>
public sealed partial class LayerTests
{
    private const string App = "ReshipDashboard";

    /// <summary>Layer → the namespaces it must not use. <c>App.razor</c>, the document's root, composes like Program.cs.</summary>
    private static readonly (string Layer, string[] Forbidden, string[] Exempt)[] Rules =
    [
        ($"{App}.Domain", [$"{App}.Data", $"{App}.Features", $"{App}.Components", $"{App}.Localization"], []),
        ($"{App}.Data", [$"{App}.Features", $"{App}.Components"], []),
        ($"{App}.Features", [$"{App}.Features.Api"], [$"{App}.Features.Api"]),
        ($"{App}.Components", FeaturesExcept("Accounts"), []),
    ];

    private static Types All => Types.InAssembly(typeof(Program).Assembly);

    /// <summary>Every top-level namespace of the features except those named.</summary>
    private static string[] FeaturesExcept(params string[] allowed) =>
        typeof(Program).Assembly.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith($"{App}.Features.", StringComparison.Ordinal))
            .Select(n => string.Join('.', n.Split('.').Take(3)))
            .Where(n => !allowed.Any(a => n == $"{App}.Features.{a}"))
            .Distinct().Order().ToArray();

    public static TheoryData<string> Layers() => new(Rules.Select(r => r.Layer));

    [Theory]
    [MemberData(nameof(Layers))]
    public void CompiledCode_OfALayer_UsesNothingItMustNot(string layer)
    {
        var (_, forbidden, exempt) = Rules.Single(r => r.Layer == layer);
        var types = All.That().ResideInNamespace(layer).And().DoNotHaveName("App");
        foreach (var e in exempt) types = types.And().DoNotResideInNamespace(e);

        var result = types.ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful,
            "forbidden references: " + string.Join("; ", (result.FailingTypes ?? []).Select(t => $"{t.FullName} ({t.Explanation})")));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Source_OfALayer_NamesNothingItMustNot(string layer)
    {
        var (_, forbidden, exempt) = Rules.Single(r => r.Layer == layer);
        var root = AppProcess.FindRepositoryRoot();
        var folder = Path.Combine(root, App, Path.Combine(layer.Split('.').Skip(1).ToArray()));
        var files = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "App.razor")
            .Where(f => !exempt.Any(e => f.StartsWith(Path.Combine(root, App, Path.Combine(e.Split('.').Skip(1).ToArray())) + Path.DirectorySeparatorChar,
                StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(files);

        var offences = (from file in files
                        from match in NamespaceReference().Matches(File.ReadAllText(file))
                        let used = match.Groups[1].Value
                        where forbidden.Any(f => used == f || used.StartsWith(f + ".", StringComparison.Ordinal))
                        select $"{Path.GetRelativePath(root, file)}: {used}").Distinct().ToList();

        Assert.True(offences.Count == 0, "forbidden references: " + string.Join("; ", offences));
    }

    [Fact]
    public void TheSourceCheck_FindsAForbiddenName()
    {
        var matches = NamespaceReference().Matches("@using ReshipDashboard.Features.Api\nx = ReshipDashboard.Features.Api.ApiSetup.Limit;")
            .Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["ReshipDashboard.Features.Api", "ReshipDashboard.Features.Api.ApiSetup.Limit"], matches);
    }

    /// <summary>A dotted name of the app: in a using directive or written out in full.</summary>
    [GeneratedRegex(@"\b(ReshipDashboard(?:\.[A-Z][A-Za-z0-9]*)+)")]
    private static partial Regex NamespaceReference();
}

using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ReshipDashboard.Tests.Localization;

/// <summary>Chinese is the default; every Chinese text the app can show must have its English entry.</summary>
public sealed partial class TranslationTests
{
    private static readonly string AppFolder = FindAppFolder();

    [Fact]
    public void EveryChineseTextInTheApp_HasAnEnglishTranslation()
    {
        var english = Keys("SharedResource.en.resx");
        var missing = ChineseLiterals().Where(k => !english.Contains(k)).Distinct().Order().ToList();

        Assert.True(missing.Count == 0, "Missing in SharedResource.en.resx:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EveryNeutralKey_HasAnEnglishTranslation()
    {
        var english = Keys("SharedResource.en.resx");
        var missing = Keys("SharedResource.resx").Where(k => !k.StartsWith("mud.", StringComparison.Ordinal) && !english.Contains(k)).ToList();

        Assert.True(missing.Count == 0, "Missing in SharedResource.en.resx:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EnglishTranslations_KeepTheirPlaceholders()
    {
        var doc = XDocument.Load(Path.Combine(AppFolder, "Resources", "SharedResource.en.resx"));
        foreach (var data in doc.Root!.Elements("data"))
        {
            var key = data.Attribute("name")!.Value;
            var value = data.Element("value")!.Value;
            var expected = Placeholder().Matches(key).Select(m => m.Value).Distinct().Order();
            var actual = Placeholder().Matches(value).Select(m => m.Value).Distinct().Order();
            Assert.True(expected.SequenceEqual(actual), $"{key} → {value}");
        }
    }

    [Fact]
    public void EveryTextOfMudBlazor_HasAChineseEntry()
    {
        var chinese = Keys("SharedResource.resx");
        var resources = new ResourceManager("MudBlazor.Resources.LanguageResource", typeof(MudBlazor.MudLocalizer).Assembly)
            .GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var missing = resources.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key)
            .Where(k => !chinese.Contains($"mud.{k}")).Order().ToList();

        Assert.NotEmpty(resources.Cast<object>());
        Assert.True(missing.Count == 0, "Missing mud.* entries in SharedResource.resx:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EveryRequiredField_SaysWhatIsMissingInTheUsersLanguage_AndOnlyOnceTouched()
    {
        var bare = Directory.EnumerateFiles(AppFolder, "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadAllText(f).Split("<Mud").Skip(1).Select(tag => (File: Path.GetFileName(f), Tag: tag.Split('>')[0])))
            .Where(t => t.Tag.Contains("Required=\"true\"", StringComparison.Ordinal)
                && !(t.Tag.Contains("RequiredError=\"@L[", StringComparison.Ordinal) && t.Tag.Contains("OnlyValidateIfDirty=\"true\"", StringComparison.Ordinal)))
            .Select(t => $"{t.File}: <Mud{t.Tag[..Math.Min(80, t.Tag.Length)]}")
            .ToList();

        Assert.True(bare.Count == 0, "Required without a localized RequiredError and OnlyValidateIfDirty:\n" + string.Join("\n", bare));
    }

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(AppFolder, "Resources", file)).Root!.Elements("data")
            .Select(d => d.Attribute("name")!.Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> ChineseLiterals()
    {
        foreach (var file in Directory.EnumerateFiles(AppFolder, "*.*", SearchOption.AllDirectories))
        {
            if (!(file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".razor", StringComparison.Ordinal))) continue;
            var relative = Path.GetRelativePath(AppFolder, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal)
                || relative.Contains("Migrations") || relative.Contains("Seeding")) continue;
            foreach (Match m in ChineseLiteral().Matches(File.ReadAllText(file)))
                yield return m.Groups[1].Value;
        }
    }

    private static string FindAppFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "ReshipDashboard", "ReshipDashboard.csproj");
            if (File.Exists(candidate)) return Path.GetDirectoryName(candidate)!;
        }
        throw new InvalidOperationException("ReshipDashboard project folder not found");
    }

    [GeneratedRegex("(?<!\\$)\"([^\"\\\\\\n]*[\\u4e00-\\u9fff\\uff08\\uff09\\uff0c\\uff1a\\u3001][^\"\\\\\\n]*)\"")]
    private static partial Regex ChineseLiteral();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}

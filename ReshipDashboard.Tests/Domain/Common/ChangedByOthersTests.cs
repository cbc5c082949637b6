using ReshipDashboard.Domain.Common;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Domain.Common;

/// <summary>A lost race is told in one message, defined once.</summary>
public sealed class ChangedByOthersTests
{
    [Fact]
    public void ChangedByOthers_IsAConflict_NamingTheStatusWhenKnown()
    {
        var plain = DomainException.ChangedByOthers();
        var withStatus = DomainException.ChangedByOthers("shipped");
        Assert.Equal((DomainErrorKind.Conflict, DomainException.ChangedByOthersMessage), (plain.Kind, plain.MessageKey));
        Assert.Equal((DomainErrorKind.Conflict, DomainException.ChangedByOthersStatusMessage), (withStatus.Kind, withStatus.MessageKey));
        Assert.Equal(["shipped"], withStatus.Arguments);
    }

    [Fact]
    public void TheMessage_IsWrittenOnlyWhereItIsDefined()
    {
        var app = Path.Combine(AppProcess.RepositoryRoot, "ReshipDashboard");
        var writers = Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && line.Contains("\"已被他人", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(app, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        Assert.Equal(["Domain/Common/DomainException.cs"], writers);
    }
}

using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using ReshipDashboard.Components.Shared;
using ReshipDashboard.Data;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Components.Shared;

[Trait("Category", "Component")]
public sealed class DatabaseErrorBoundaryTests : MudTestContext
{
    [Fact]
    public void APageWhoseDatabaseIsAway_ShowsDatabaseUnavailable_WithoutTheCause()
    {
        var page = Render<DatabaseErrorBoundary>(p => p.AddChildContent<Failing>(f => f.Add(x => x.Error,
            new DatabaseUnavailableException("127.0.0.1:5432/reship", "Connection refused", new IOException("Connection refused")))));

        Assert.Equal("unavailable", page.Find("[data-database-error]").GetAttribute("data-database-error"));
        Assert.Contains("数据库暂时无法连接，请稍后重试", page.Markup);
        Assert.DoesNotContain("Connection refused", page.Markup);
        Assert.DoesNotContain("page content", page.Markup);
    }

    [Fact]
    public void APageWhoseDatabaseStaysBusy_SaysSo()
    {
        var page = Render<DatabaseErrorBoundary>(p => p.AddChildContent<Failing>(f => f.Add(x => x.Error,
            new InvalidOperationException("wrapped", new DatabaseBusyException(new TimeoutException())))));

        Assert.Equal("busy", page.Find("[data-database-error]").GetAttribute("data-database-error"));
        Assert.Contains("数据库正忙，请稍后重试", page.Markup);
    }

    [Fact]
    public void APageThatWorks_IsShownAsIs()
    {
        var page = Render<DatabaseErrorBoundary>(p => p.AddChildContent<Failing>());

        Assert.Contains("page content", page.Markup);
        Assert.Empty(page.FindAll("[data-database-error]"));
    }

    /// <summary>A page that fails while loading with the given error, or shows its content.</summary>
    private sealed class Failing : ComponentBase
    {
        [Parameter] public Exception? Error { get; set; }

        protected override void OnInitialized()
        {
            if (Error is not null) throw Error;
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, "page content");
    }
}

using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace DltNet.Analyzers.Tests;

/// <summary>Every rule has a stable DLT id, a doc page with the four sections, a release-tracking row, and a test file.</summary>
public sealed class CatalogTests
{
    private static string Root([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var d in DltDiagnostics.All) data.Add(d.Id);
        return data;
    }

    private static DiagnosticDescriptor Descriptor(string id) => DltDiagnostics.All.Single(d => d.Id == id);

    [Fact]
    public void Ids_are_unique_and_the_analyzer_supports_all_of_them()
    {
        Assert.Equal(DltDiagnostics.All.Length, DltDiagnostics.All.Select(d => d.Id).Distinct().Count());
        Assert.Equal(DltDiagnostics.All.Select(d => d.Id).Order(), new DltAnalyzer().SupportedDiagnostics.Select(d => d.Id).Order());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_rule_has_an_id_a_help_link_a_page_a_release_row_and_tests(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Matches("^DLT[0-9]{4}$", id);
        Assert.Equal(DltDiagnostics.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));

        var page = Path.Combine(Root(), "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: ", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## What", "## Why", "## How to fix", "## Example" })
            Assert.Contains(section, text, StringComparison.Ordinal);
        Assert.Contains($"| Severity | {descriptor.DefaultSeverity} |", text, StringComparison.Ordinal);

        var shipped = File.ReadAllLines(Path.Combine(Root(), "src", "Dlt.Analyzers", "AnalyzerReleases.Shipped.md"));
        Assert.Contains(shipped, l => l.StartsWith($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", StringComparison.Ordinal));
        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(Path.Combine(Root(), "docs", "diagnostics", "README.md")), StringComparison.Ordinal);

        Assert.True(File.Exists(Path.Combine(Root(), "tests", "Dlt.Analyzers.Tests", "Rules", id + "Tests.cs")), $"no test file for {id}");
    }
}

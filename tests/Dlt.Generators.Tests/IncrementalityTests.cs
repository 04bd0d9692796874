using DltNet.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DltNet.Generators.Tests;

/// <summary>
/// The pipeline is incremental: an edit that does not touch the marked code leaves every tracked step Cached or Unchanged
/// (nothing is re-emitted); a real change re-runs the affected steps.
/// </summary>
public sealed class IncrementalityTests
{
    private static readonly string[] AllSteps =
    [
        DltGeneratorStepNames.ResourceMethods, DltGeneratorStepNames.SourceClasses, DltGeneratorStepNames.TableTypes,
        DltGeneratorStepNames.ResourceSpecs, DltGeneratorStepNames.SourceSpecs, DltGeneratorStepNames.RowTypes,
        DltGeneratorStepNames.RowTypeSpecs, DltGeneratorStepNames.Diagnostics,
    ];

    private const string Unrelated = """
        namespace Other
        {
            public static class Helper
            {
                public static int Twice(int x) => x * 2;
            }
        }
        """;

    private static (Compilation Compilation, GeneratorDriver Driver) FirstRun()
    {
        var compilation = GeneratorHarness.CreateCompilation(GeneratorHarness.ReadInput("GitHubSource"), GeneratorHarness.ReadInput("TypesAndHints"), ("Other.cs", Unrelated));
        var (_, result, driver) = GeneratorHarness.Run(compilation);
        Assert.NotEmpty(Assert.Single(result.Results).GeneratedSources);
        return (compilation, driver);
    }

    private static Compilation Replace(Compilation compilation, string path, Func<string, string> edit)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var newTree = CSharpSyntaxTree.ParseText(edit(tree.GetText().ToString()), GeneratorHarness.ParseOptions, path);
        return compilation.ReplaceSyntaxTree(tree, newTree);
    }

    private static Dictionary<string, IncrementalStepRunReason[]> Reasons(GeneratorDriver driver)
    {
        var run = Assert.Single(driver.GetRunResult().Results);
        return AllSteps.Where(run.TrackedSteps.ContainsKey).ToDictionary(
            s => s,
            s => run.TrackedSteps[s].SelectMany(step => step.Outputs).Select(o => o.Reason).ToArray());
    }

    [Fact]
    public void EveryStepIsTracked()
    {
        var (compilation, driver) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "Other.cs", t => t.Replace("x * 2", "x * 3")));
        var run = Assert.Single(driver.GetRunResult().Results);
        foreach (var step in AllSteps) Assert.True(run.TrackedSteps.ContainsKey(step), $"step {step} is not tracked");
    }

    [Fact]
    public void UnrelatedEditLeavesEveryStepCachedOrUnchanged()
    {
        var (compilation, driver) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "Other.cs", t => t.Replace("x * 2", "x * 3")));
        foreach (var (step, reasons) in Reasons(driver))
        {
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} ran with {r}"));
        }
        // nothing new to write: every source output is cached
        var run = Assert.Single(driver.GetRunResult().Results);
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void EditInsideAMarkedFileThatChangesNothingLeavesOutputsCached()
    {
        var (compilation, driver) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "Inputs/GitHubSource.cs", t => t.Replace("yield return new Label(\"bug\", \"d73a4a\");", "yield return new Label(\"feature\", null);")));
        var run = Assert.Single(driver.GetRunResult().Results);
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void ChangingARowTypeRegeneratesItsClassOnly()
    {
        var (compilation, driver) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "Inputs/GitHubSource.cs", t => t.Replace("public sealed record User(string Login, long Id);", "public sealed record User(string Login, long Id, string? Email);")));
        var reasons = Reasons(driver);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons[DltGeneratorStepNames.ResourceMethods]);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons[DltGeneratorStepNames.RowTypes]);
        var run = Assert.Single(driver.GetRunResult().Results);
        var user = run.GeneratedSources.Single(s => s.HintName == "Samples.GitHub.User.DltTable.g.cs").SourceText.ToString();
        Assert.Contains("\"email\"", user);
        var issue = run.GeneratedSources.Single(s => s.HintName == "Samples.GitHub.Issue.DltTable.g.cs").SourceText.ToString();
        Assert.Contains("\"author__email\"", issue);
        // the row type of another file and the resource factories did not change
        var rowSteps = run.TrackedSteps[DltGeneratorStepNames.RowTypeSpecs].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(rowSteps, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(rowSteps, o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
        Assert.All(run.TrackedSteps[DltGeneratorStepNames.ResourceSpecs].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, $"resource spec ran with {o.Reason}"));
    }

    [Fact]
    public void ChangingAResourceAttributeRegeneratesItsFactory()
    {
        var (compilation, driver) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "Inputs/GitHubSource.cs", t => t.Replace("[DltResource(WriteDisposition = WriteDispositionKind.Replace)]", "[DltResource(WriteDisposition = WriteDispositionKind.Append)]")));
        var reasons = Reasons(driver);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons[DltGeneratorStepNames.ResourceSpecs]);
        var run = Assert.Single(driver.GetRunResult().Results);
        var labels = run.GeneratedSources.Single(s => s.HintName == "Samples.GitHub.GitHub.Labels.DltResource.g.cs").SourceText.ToString();
        Assert.Contains("WriteDisposition.Append", labels);
    }
}

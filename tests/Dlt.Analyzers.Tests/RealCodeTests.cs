using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DltNet.Analyzers.Tests;

/// <summary>
/// The analyzer on the repository's own typed sources: the samples report nothing, and the generator's deliberately
/// invalid inputs are caught. Compiled without the generators (compile errors about generated members are expected
/// and ignored: only analyzer diagnostics are compared).
/// </summary>
public sealed class RealCodeTests
{
    private static string Root([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params string[] files)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; " +
            "global using System.Threading.Tasks; global using System.Collections.Generic;", parse, "GlobalUsings.cs"));
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(DltNet.Dlt).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("RealCode", trees, tpa,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return await compilation.WithAnalyzers([new DltAnalyzer()]).GetAnalyzerDiagnosticsAsync();
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(d => d.ToString()));

    [Fact]
    public async Task The_samples_have_no_findings()
    {
        var root = Root();
        var diagnostics = await AnalyzeAsync(
            Path.Combine(root, "samples", "AotPipeline", "Shop.cs"),
            Path.Combine(root, "samples", "AotPipeline", "FirstRow.cs"),
            Path.Combine(root, "samples", "TypedPipeline", "GitHub.cs"),
            Path.Combine(root, "samples", "TypedPipeline", "Models.cs"));
        Assert.True(diagnostics.IsEmpty, Describe(diagnostics));
    }

    [Fact]
    public async Task The_generator_inputs_that_are_valid_have_no_errors()
    {
        var inputs = Directory.GetFiles(Path.Combine(Root(), "tests", "Dlt.Generators.Tests", "Inputs"), "*.cs")
            .Where(f => !Path.GetFileName(f).StartsWith("Invalid", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(inputs);
        var diagnostics = await AnalyzeAsync(inputs);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Fact]
    public async Task The_generators_invalid_inputs_are_reported_by_the_analyzer()
    {
        var invalid = Path.Combine(Root(), "tests", "Dlt.Generators.Tests", "Inputs", "InvalidInputs.cs");
        var ids = (await AnalyzeAsync(invalid)).Select(d => d.Id).ToHashSet();
        // not partial, bad contract, bad initial value, attribute on a non-cursor, two cursors, strategy without merge,
        // scd2 option without scd2, not an enumerable, an invalid dedup sort, an abstract member type
        foreach (var id in new[] { "DLT0601", "DLT0502", "DLT0004", "DLT0005", "DLT0501", "DLT0201", "DLT0305", "DLT0102" })
            Assert.Contains(id, ids);
    }
}

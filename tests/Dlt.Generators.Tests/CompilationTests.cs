using DltNet.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DltNet.Generators.Tests;

/// <summary>The generated code compiles without errors or warnings (all warning waves, documentation comments checked).</summary>
public sealed class CompilationTests
{
    public static TheoryData<string> Inputs() => [.. GeneratorHarness.InputNames()];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void GeneratedCodeCompilesWithoutWarnings(string input)
    {
        var compilation = GeneratorHarness.CreateCompilation(GeneratorHarness.ReadInput(input));
        var inputErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(inputErrors.Count == 0, $"The input {input} itself does not compile:\n{string.Join("\n", inputErrors)}");

        var (output, result, _) = GeneratorHarness.Run(compilation);
        Assert.Null(Assert.Single(result.Results).Exception);
        var generatedTrees = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToHashSet();
        Assert.NotEmpty(generatedTrees);

        var problems = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error
                        || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)))
            .ToList();
        Assert.True(problems.Count == 0, $"Generated code of {input} has errors or warnings:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void GeneratedCodeCompilesWhenAllInputsAreInOneCompilation()
    {
        var compilation = GeneratorHarness.CreateCompilation([.. GeneratorHarness.InputNames().Select(GeneratorHarness.ReadInput)]);
        var (output, result, _) = GeneratorHarness.Run(compilation);
        Assert.Null(Assert.Single(result.Results).Exception);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}

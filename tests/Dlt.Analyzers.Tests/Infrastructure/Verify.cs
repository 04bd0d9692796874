using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace DltNet.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs the dlt analyzer (and its code fixes) with the analyzer testing library, offline: the reference assemblies are this
/// machine's framework assemblies (TRUSTED_PLATFORM_ASSEMBLIES) plus Dlt.Sdk.dll, not packages downloaded by the library.
/// </summary>
internal static class Verify
{
    /// <summary>A reference set that resolves no package; the real references are added to each test.</summary>
    private static readonly ReferenceAssemblies NoPackages = new("net10.0");

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The usings every test source gets (as a project with implicit usings would).</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using DltNet.Attributes;
        using DltNet.Extract;
        using DltNet.Schema;

        """;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var tpa = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set.");
        var paths = tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p =>
            {
                var name = Path.GetFileName(p);
                return name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll";
            })
            .Append(typeof(DltNet.Dlt).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    /// <summary>The diagnostic of <paramref name="descriptor"/> expected at markup location <paramref name="location"/> (<c>{|#0:...|}</c>).</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor, int location = 0) =>
        new DiagnosticResult(descriptor).WithLocation(location);

    /// <summary>Runs the analyzer on <paramref name="source"/> (with <see cref="Usings"/> prepended) and compares its diagnostics.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { TestCode = Usings + source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs the analyzer and <typeparamref name="TFix"/>, and compares the fixed code.</summary>
    public static Task CodeFixAsync<TFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new() =>
        CodeFixAsync<TFix>(source, Usings + fixedSource, fixedHasUsings: true, expected);

    /// <summary>Like <see cref="CodeFixAsync{TFix}(string, string, DiagnosticResult[])"/>, for fixes that change the usings: <paramref name="fixedCode"/> is the whole file.</summary>
    public static Task CodeFixAsync<TFix>(string source, string fixedCode, bool fixedHasUsings, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        if (!fixedHasUsings) fixedCode = Usings + fixedCode;
        var test = new CodeFixTest<TFix> { TestCode = Usings + source, FixedCode = fixedCode };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static void Configure(SolutionState state)
    {
        state.AdditionalReferences.AddRange(LazyReferences.Value);
    }

    private sealed class AnalyzerTest : CSharpAnalyzerTest<DltAnalyzer, DefaultVerifier>
    {
        public AnalyzerTest()
        {
            ReferenceAssemblies = NoPackages;
            Configure(TestState);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }

    private sealed class CodeFixTest<TFix> : CSharpCodeFixTest<DltAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public CodeFixTest()
        {
            ReferenceAssemblies = NoPackages;
            Configure(TestState);
            Configure(FixedState);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }
}

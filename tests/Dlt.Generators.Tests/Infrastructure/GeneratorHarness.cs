using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DltNet.Generators.Tests.Infrastructure;

/// <summary>Runs the generator on in-memory compilations built from this machine's framework assemblies plus Dlt.Sdk.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>Framework assemblies (TRUSTED_PLATFORM_ASSEMBLIES) and Dlt.Sdk.dll.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var tpa = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set.");
        var paths = tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p =>
            {
                var name = Path.GetFileName(p);
                return name.StartsWith("System.", StringComparison.Ordinal) || name is "System.dll" or "netstandard.dll" or "mscorlib.dll"
                       || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name == "Microsoft.Win32.Primitives.dll";
            })
            .Append(typeof(DltNet.Dlt).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p, StringComparer.Ordinal);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    public static CSharpCompilation CreateCompilation(params (string Path, string Text)[] sources) =>
        CSharpCompilation.Create(
            "GeneratorInputs",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)),
            References,
            CompilationOptions);

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new DltGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once; returns the updated compilation and the run result.</summary>
    public static (Compilation Output, GeneratorDriverRunResult Result, GeneratorDriver Driver) Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (output, driver.GetRunResult(), driver);
    }

    /// <summary>The folder of this test project's sources (where Inputs/ and Baselines/ live).</summary>
    public static string ProjectDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));

    public static string InputsDirectory => Path.Combine(ProjectDirectory(), "Inputs");

    public static string BaselinesDirectory => Path.Combine(ProjectDirectory(), "Baselines");

    /// <summary>Names of the generator input files (without extension), sorted.</summary>
    public static IEnumerable<string> InputNames() =>
        Directory.GetFiles(InputsDirectory, "*.cs").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static (string Path, string Text) ReadInput(string name)
    {
        var path = Path.Combine(InputsDirectory, name + ".cs");
        return ("Inputs/" + name + ".cs", File.ReadAllText(path));
    }
}

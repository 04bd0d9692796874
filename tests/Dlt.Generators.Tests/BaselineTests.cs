using System.Text;
using DltNet.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DltNet.Generators.Tests;

/// <summary>
/// Snapshot tests: every file the generator writes for each input in Inputs/ is compared exactly with Baselines/&lt;input&gt;/&lt;hint name&gt;,
/// and its diagnostics with Baselines/&lt;input&gt;/diagnostics.txt.
/// To accept new output, run the tests with DLT_UPDATE_BASELINES=1: the baseline folders are rewritten (then review the diff).
/// </summary>
public sealed class BaselineTests
{
    /// <summary>The switch that rewrites the baseline files instead of comparing.</summary>
    public const string UpdateSwitch = "DLT_UPDATE_BASELINES";

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateSwitch) is "1" or "true";

    public static TheoryData<string> Inputs() => [.. GeneratorHarness.InputNames()];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void GeneratedFilesMatchBaselines(string input)
    {
        var compilation = GeneratorHarness.CreateCompilation(GeneratorHarness.ReadInput(input));
        var (_, result, _) = GeneratorHarness.Run(compilation);
        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);

        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in run.GeneratedSources) actual[source.HintName] = source.SourceText.ToString();
        if (run.Diagnostics.Length > 0) actual["diagnostics.txt"] = FormatDiagnostics(run.Diagnostics);

        var folder = Path.Combine(GeneratorHarness.BaselinesDirectory, input);
        if (Updating)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            foreach (var (name, text) in actual) File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false));
            return;
        }

        Assert.True(Directory.Exists(folder), $"No baselines for {input}; run the tests with {UpdateSwitch}=1 to create them.");
        var expectedNames = Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedNames, actual.Keys.ToList());
        foreach (var (name, text) in actual)
        {
            var expected = File.ReadAllText(Path.Combine(folder, name));
            if (expected != text)
                Assert.Fail($"{input}/{name} differs from its baseline (run with {UpdateSwitch}=1 to accept):\n{FirstDifference(expected, text)}");
        }
    }

    private static string FormatDiagnostics(IEnumerable<Diagnostic> diagnostics) =>
        string.Concat(diagnostics
            .Select(d => $"{d.Id} {d.Severity} {(d.Location.Kind == LocationKind.None ? "(no location)" : $"{d.Location.GetLineSpan().Path}({d.Location.GetLineSpan().StartLinePosition.Line + 1},{d.Location.GetLineSpan().StartLinePosition.Character + 1})")}: {d.GetMessage()}\n")
            .Order(StringComparer.Ordinal));

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el != al) return $"line {i + 1}\n  expected: {el}\n  actual:   {al}";
        }
        return "(line endings differ)";
    }
}

using DltNet.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DltNet.Generators.Tests;

/// <summary>Code that does not compile, or uses the attributes wrongly, never makes the generator throw.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> BrokenSources() =>
    [
        // unknown row type
        "using DltNet.Attributes; public static partial class A { [DltResource] public static System.Collections.Generic.IEnumerable<Missing> Rows() => null!; }",
        // attribute arguments of the wrong type
        "using DltNet.Attributes; public static partial class A { [DltResource(PrimaryKey = 5, Name = 3)] public static System.Collections.Generic.IEnumerable<R> Rows() => null!; } public record R(int X);",
        // incomplete method and record
        "using DltNet.Attributes; public static partial class A { [DltResource] public static System.Collections.Generic.IEnumerable<R> Rows( } public record R(int X",
        // attribute on a local function and on a lambda-bodied property
        "using DltNet.Attributes; public static partial class A { static void M() { [DltResource] System.Collections.Generic.IEnumerable<int> L() { yield return 1; } } }",
        // [DltIncremental] without a path, cursor of an unknown type
        "using DltNet.Attributes; using DltNet.Extract; public static partial class A { [DltResource] public static System.Collections.Generic.IEnumerable<R> Rows([DltIncremental(null!, InitialValue = \"x\")] Incremental<Unknown> c) => null!; } public record R(int X);",
        // a source on a struct and on a static class without partial, a table on an interface and an enum
        "using DltNet.Attributes; [DltSource] public partial struct S { } [DltSource] public static class C { } [DltTable] public interface I { int X { get; } } [DltTable] public enum E { A }",
        // a record whose members have unknown types, a member of its own type, and a cycle through a list
        "using DltNet.Attributes; [DltTable] public record R(Unknown U, R? Self, System.Collections.Generic.List<Q> Qs); public record Q(R Back);",
        // the attribute types are missing (no reference to Dlt.Sdk's attributes in this namespace)
        "namespace DltNet.Attributes { public sealed class DltResourceAttribute : System.Attribute { } } public static partial class A { [DltNet.Attributes.DltResource] public static System.Collections.Generic.IEnumerable<int> Rows() => null!; }",
    ];

    [Theory]
    [MemberData(nameof(BrokenSources))]
    public void GeneratorDoesNotThrow(string source)
    {
        var compilation = GeneratorHarness.CreateCompilation(("Broken.cs", source));
        var (_, result, _) = GeneratorHarness.Run(compilation);
        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CS8784" or "CS8785");
    }

    [Fact]
    public void NamesThatDifferOnlyInCaseGetTheirOwnFiles()
    {
        const string source = """
            using System.Collections.Generic;
            using DltNet.Attributes;
            namespace Cases
            {
                public static partial class Feed
                {
                    [DltResource("upper")] public static IEnumerable<Item> Items() => new List<Item>();
                    [DltResource("lower")] public static IEnumerable<item> items() => new List<item>();
                }
                public sealed record Item(long Id);
                public sealed record item(string Name);
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(("Cases.cs", source));
        var (output, result, _) = GeneratorHarness.Run(compilation);
        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        Assert.Equal(4, run.GeneratedSources.Length);
        Assert.Equal(4, run.GeneratedSources.Select(s => s.HintName.ToLowerInvariant()).Distinct().Count());
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }
}

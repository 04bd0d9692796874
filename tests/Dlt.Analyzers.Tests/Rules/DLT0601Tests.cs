using DltNet.Analyzers.CodeFixes;
using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0601: the generator extends [DltSource] classes and the types of [DltResource] methods, so they are partial.</summary>
public sealed class DLT0601Tests
{
    private const string Row = "public sealed record Row(long Id);\n";

    [Fact]
    public Task Partial_types_pass() => AnalyzerAsync(Row + """
        [DltSource]
        public static partial class Source
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }

        public partial class Outer
        {
            public partial class Inner
            {
                [DltResource] public IEnumerable<Row> Rows() => Array.Empty<Row>();
            }
        }
        """);

    [Fact]
    public Task The_fix_makes_a_source_partial() => CodeFixAsync<AddPartialCodeFix>(Row + """
        [DltSource]
        public static class {|#0:Source|}
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """, Row + """
        [DltSource]
        public static partial class Source
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.TypeNotPartial).WithArguments("Source", "the Source() factory"));

    [Fact]
    public Task The_fix_makes_a_containing_type_without_modifiers_partial() => CodeFixAsync<AddPartialCodeFix>(Row + """
        class {|#0:Outer|}
        {
            public partial class Inner
            {
                [DltResource] public IEnumerable<Row> Rows() => Array.Empty<Row>();
            }
        }
        """, Row + """
        partial class Outer
        {
            public partial class Inner
            {
                [DltResource] public IEnumerable<Row> Rows() => Array.Empty<Row>();
            }
        }
        """,
        Diagnostic(DltDiagnostics.TypeNotPartial).WithArguments("Outer", "the RowsResource() factory of its nested type 'Inner'"));
}

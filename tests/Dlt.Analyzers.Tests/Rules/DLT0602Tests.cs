using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0602: generated factories are not emitted into generic types.</summary>
public sealed class DLT0602Tests
{
    private const string Row = "public sealed record Row(long Id);\n";

    [Fact]
    public Task A_non_generic_class_passes() => AnalyzerAsync(Row + """
        public partial class Resources
        {
            [DltResource] public IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """);

    [Fact]
    public Task A_generic_class_is_an_error() => AnalyzerAsync(Row + """
        public partial class {|#0:Resources|}<T>
        {
            [DltResource] public IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.TypeIsGeneric).WithArguments("Resources", "the RowsResource() factory"));
}

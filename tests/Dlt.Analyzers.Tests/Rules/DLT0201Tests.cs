using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0201: a [DltResource] method yields rows: IEnumerable&lt;T&gt; or IAsyncEnumerable&lt;T&gt;.</summary>
public sealed class DLT0201Tests
{
    private const string Row = "public sealed record Row(long Id);\n";

    [Fact]
    public Task Iterators_and_sequences_pass() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> A() { yield return new Row(1); }
            [DltResource] public static List<Row> B() => new();
            [DltResource] public static async IAsyncEnumerable<Row> C([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
            {
                await Task.Yield();
                yield return new Row(1);
            }
            [DltResource] public static IEnumerable<Dictionary<string, object?>> D() => Array.Empty<Dictionary<string, object?>>();
        }
        """);

    [Fact]
    public Task A_scalar_return_is_an_error() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource] public static int {|#0:Count|}() => 0;
        }
        """,
        Diagnostic(DltDiagnostics.ResourceReturnType).WithArguments("Count", "int", ""));

    [Fact]
    public Task A_task_of_a_list_is_an_error_with_a_hint() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource] public static async Task<List<Row>> {|#0:Load|}() { await Task.Yield(); return new(); }
        }
        """,
        Diagnostic(DltDiagnostics.ResourceReturnType).WithArguments("Load", "System.Threading.Tasks.Task<System.Collections.Generic.List<Row>>",
            "; a task delivers nothing until it completes: write an async iterator (async IAsyncEnumerable<T> with yield return)"));

    [Fact]
    public Task A_string_is_not_a_sequence_of_rows() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource] public static string {|#0:Name|}() => "x";
        }
        """,
        Diagnostic(DltDiagnostics.ResourceReturnType).WithArguments("Name", "string", "; a string is a sequence of characters, not of rows"));
}

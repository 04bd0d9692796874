using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0101: member types that are not data (delegates, pointers, streams, tasks, type parameters) are errors.</summary>
public sealed class DLT0101Tests
{
    [Fact]
    public Task Data_members_and_ignored_members_pass() => AnalyzerAsync("""
        public sealed record Row(long Id, string Name, byte[] Payload, List<string> Tags, Dictionary<string, object?> Extra, DateOnly Day, Guid Key,
            [property: DltIgnore] Action? Callback);

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """);

    [Fact]
    public Task A_delegate_member_is_an_error() => AnalyzerAsync("""
        public sealed class Row
        {
            public long Id { get; init; }
            public Func<int, int>? {|#0:Transform|} { get; init; }
        }

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.MemberTypeNotStorable).WithArguments("Member 'Transform' of 'Row'", "System.Func<int, int>?", "delegates are code, not data"));

    [Fact]
    public Task A_stream_and_a_list_of_tasks_are_errors() => AnalyzerAsync("""
        public sealed record Row(long Id, System.IO.Stream {|#0:Body|}, List<Task<int>> {|#1:Pending|});

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.MemberTypeNotStorable, 0).WithArguments("Member 'Body' of 'Row'", "System.IO.Stream", "a stream is not data; read it into a byte[] or string"),
        Diagnostic(DltDiagnostics.MemberTypeNotStorable, 1).WithArguments("Member 'Pending' of 'Row'", "System.Collections.Generic.List<System.Threading.Tasks.Task<int>>",
            "its elements are System.Threading.Tasks.Task<int>, and a task is not data; await it and store its result"));

    [Fact]
    public Task An_open_generic_member_of_a_table_type_is_an_error() => AnalyzerAsync("""
        [DltTable]
        public sealed class Page<T>
        {
            public int Number { get; init; }
            public T? {|#0:Item|} { get; init; }
        }
        """,
        Diagnostic(DltDiagnostics.MemberTypeNotStorable).WithArguments("Member 'Item' of 'Page'", "T?",
            "it is an open generic type parameter, so its columns are not known at build time; use a concrete type"));

    [Fact]
    public Task Rows_that_are_delegates_are_an_error() => AnalyzerAsync("""
        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Action> {|#0:Rows|}() => Array.Empty<Action>();
        }
        """,
        Diagnostic(DltDiagnostics.MemberTypeNotStorable).WithArguments("The rows of resource 'Rows'", "System.Action", "delegates are code, not data"));
}

using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0103: row types that contain themselves need a json hint.</summary>
public sealed class DLT0103Tests
{
    [Fact]
    public Task A_recursive_member_with_a_json_hint_passes() => AnalyzerAsync("""
        public sealed record Node(string Name, [property: DltColumn(DataType = DltDataType.Json)] Node? Next);
        public sealed record Category(string Name, [property: DltColumn(DataType = DltDataType.Json)] List<Category> Children);

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Node> Nodes() => Array.Empty<Node>();
            [DltResource] public static IEnumerable<Category> Categories() => Array.Empty<Category>();
        }
        """);

    [Fact]
    public Task A_type_that_contains_itself_is_a_warning() => AnalyzerAsync("""
        public sealed record Node(string Name, Node? {|#0:Next|});

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Node> Nodes() => Array.Empty<Node>();
        }
        """,
        Diagnostic(DltDiagnostics.RecursiveRowType).WithArguments("Next", "Node", "Node"));

    [Fact]
    public Task Recursion_through_a_list_and_another_type_is_a_warning() => AnalyzerAsync("""
        public sealed record Folder(string Name, List<Entry> Entries);
        public sealed record Entry(string Name, Folder? {|#0:Folder|});

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Folder> Folders() => Array.Empty<Folder>();
        }
        """,
        Diagnostic(DltDiagnostics.RecursiveRowType).WithArguments("Folder", "Entry", "Folder"));
}

using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0102: object members without a json hint, and members whose types get no generated converter.</summary>
public sealed class DLT0102Tests
{
    [Fact]
    public Task An_object_member_with_a_json_hint_passes() => AnalyzerAsync("""
        public sealed record Row(long Id, [property: DltColumn(DataType = DltDataType.Json)] object? Payload, List<object?> Values);

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """);

    [Fact]
    public Task An_object_member_without_a_hint_is_a_warning() => AnalyzerAsync("""
        public sealed record Row(long Id, object? {|#0:Payload|});

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.MemberTypeNotKnown).WithArguments("Member 'Payload' of 'Row'", "object?",
            "its column type is inferred from each row's value at run time; add [DltColumn(DataType = DltDataType.Json)] to store it as JSON, or give it a concrete type"));

    [Fact]
    public Task Abstract_interface_and_generic_members_are_warnings() => AnalyzerAsync("""
        public abstract record Shape(string Kind);
        public interface ITagged { string Tag { get; } }
        public sealed record Box<T>(T Value);
        public sealed record Row(long Id, Shape {|#0:Shape|}, ITagged {|#1:Tagged|}, Box<int> {|#2:Boxed|}, System.Version {|#3:Version|});

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.MemberTypeNotKnown, 0).WithArguments("Member 'Shape' of 'Row'", "Shape", "it is abstract" + Hint),
        Diagnostic(DltDiagnostics.MemberTypeNotKnown, 1).WithArguments("Member 'Tagged' of 'Row'", "ITagged", "it is an interface" + Hint),
        Diagnostic(DltDiagnostics.MemberTypeNotKnown, 2).WithArguments("Member 'Boxed' of 'Row'", "Box<int>", "it is generic" + Hint),
        Diagnostic(DltDiagnostics.MemberTypeNotKnown, 3).WithArguments("Member 'Version' of 'Row'", "System.Version",
            "it is a framework type that the runtime does not store natively" + Hint));

    private const string Hint = ", so the generator writes no converter for it and its values are read with reflection at run time, which trimmed and NativeAOT apps do not have; use a concrete, non-generic record or class, or [DltIgnore]";

    [Fact]
    public Task Abstract_rows_are_a_warning_at_the_resource() => AnalyzerAsync("""
        public abstract record Shape(string Kind);

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Shape> {|#0:Shapes|}() => Array.Empty<Shape>();
        }
        """,
        Diagnostic(DltDiagnostics.MemberTypeNotKnown).WithArguments("The rows of resource 'Shapes'", "Shape",
            "it is abstract, so the generator writes no converter for it and its values are read with reflection at run time, which trimmed and NativeAOT apps do not have; use a concrete, non-generic record or class, or [DltIgnore]"));
}

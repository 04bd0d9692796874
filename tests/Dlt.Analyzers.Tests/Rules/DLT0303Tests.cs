using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0303: a hard delete flag must be able to say "keep" (false or null).</summary>
public sealed class DLT0303Tests
{
    [Fact]
    public Task Bool_and_nullable_flags_pass() => AnalyzerAsync("""
        public sealed record A([property: DltColumn(PrimaryKey = true)] long Id, [property: DltColumn(HardDelete = true)] bool Deleted);
        public sealed record B([property: DltColumn(PrimaryKey = true)] long Id, [property: DltColumn(HardDelete = true)] DateTimeOffset? DeletedAt);
        public sealed record C([property: DltColumn(PrimaryKey = true)] long Id, [property: DltColumn(HardDelete = true)] string? Reason);

        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge)] public static IEnumerable<A> As() => Array.Empty<A>();
            [DltResource(WriteDisposition = WriteDispositionKind.Merge)] public static IEnumerable<B> Bs() => Array.Empty<B>();
            [DltResource(WriteDisposition = WriteDispositionKind.Merge)] public static IEnumerable<C> Cs() => Array.Empty<C>();
        }
        """);

    [Fact]
    public Task A_flag_that_is_never_null_is_a_warning() => AnalyzerAsync("""
        public sealed record Row([property: DltColumn(PrimaryKey = true)] long Id, [property: DltColumn(HardDelete = true)] int {|#0:Deleted|},
            [property: DltColumn(HardDelete = false)] string Note);

        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge)] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.HardDeleteNotBool).WithArguments("Deleted", "Row", "int"));
}

using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0305: at most one hard delete and one dedup sort column per table; dedup sort is asc or desc.</summary>
public sealed class DLT0305Tests
{
    [Fact]
    public Task One_of_each_passes() => AnalyzerAsync("""
        public sealed record Row([property: DltColumn(PrimaryKey = true)] long Id, [property: DltColumn(DedupSort = "ASC")] long Lsn,
            [property: DltColumn(HardDelete = true)] bool Deleted);

        [DltTable]
        public sealed record Other(long Id, [property: DltColumn(HardDelete = true)] bool Deleted);
        """);

    [Fact]
    public Task Two_hard_delete_columns_are_an_error() => AnalyzerAsync("""
        [DltTable]
        public sealed record Row(long Id, [property: DltColumn(HardDelete = true)] bool Deleted, [property: DltColumn(HardDelete = true)] bool {|#0:Removed|});
        """,
        Diagnostic(DltDiagnostics.MergeHintInvalid).WithArguments("Members 'Deleted' and 'Removed' of 'Row' are both hard delete columns; a table has at most one"));

    [Fact]
    public Task A_dedup_sort_that_is_not_an_order_is_an_error() => AnalyzerAsync("""
        [DltTable]
        public sealed record Row(long Id, [property: DltColumn(DedupSort = "sideways")] long {|#0:Lsn|});
        """,
        Diagnostic(DltDiagnostics.MergeHintInvalid).WithArguments("DedupSort \"sideways\" of member 'Lsn' of 'Row' is neither \"asc\" nor \"desc\""));
}

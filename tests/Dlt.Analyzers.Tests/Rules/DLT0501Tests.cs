using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0501: write dispositions dlt rejects: skip on a data table, strategies without merge, scd2 options without scd2.</summary>
public sealed class DLT0501Tests
{
    private const string Row = "public sealed record Row(long Id, long Version);\n";

    [Fact]
    public Task Valid_dispositions_pass() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Replace)] public static IEnumerable<Row> A() => Array.Empty<Row>();
            [DltResource(MergeStrategy = MergeStrategy.Scd2, ValidFromColumn = "valid_from", ValidToColumn = "valid_to", RowVersionColumn = "Version",
                ActiveRecordTimestamp = "9999-12-31T00:00:00Z")]
            public static IEnumerable<Row> B() => Array.Empty<Row>();
        }
        """);

    [Fact]
    public Task Skip_on_a_data_table_is_an_error() => AnalyzerAsync(Row + """
        [DltTable(WriteDisposition = {|#1:WriteDispositionKind.Skip|})]
        public sealed record Other(long Id);

        public static partial class Resources
        {
            [DltResource(WriteDisposition = {|#0:WriteDispositionKind.Skip|})] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.WriteDispositionInvalid, 1).WithArguments("Other", Skip),
        Diagnostic(DltDiagnostics.WriteDispositionInvalid, 0).WithArguments("Rows", Skip));

    private const string Skip = "write disposition skip is reserved for dlt's own tables; the loader rejects data tables with it. Use append, replace or merge";

    [Fact]
    public Task A_strategy_without_merge_and_scd2_options_without_scd2_are_errors() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Replace, MergeStrategy = {|#0:MergeStrategy.Upsert|}, PrimaryKey = new[] { "Id" })]
            public static IEnumerable<Row> A() => Array.Empty<Row>();

            [DltResource(WriteDisposition = WriteDispositionKind.Merge, ValidFromColumn = {|#1:"from"|})]
            public static IEnumerable<Row> B() => Array.Empty<Row>();

            [DltResource(MergeStrategy = MergeStrategy.Scd2, ActiveRecordTimestamp = {|#2:"never"|})]
            public static IEnumerable<Row> C() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.WriteDispositionInvalid, 0).WithArguments("A", "MergeStrategy Upsert needs WriteDisposition = Merge, not Replace"),
        Diagnostic(DltDiagnostics.WriteDispositionInvalid, 1).WithArguments("B", "ValidFromColumn is an scd2 option; set MergeStrategy = Scd2"),
        Diagnostic(DltDiagnostics.WriteDispositionInvalid, 2).WithArguments("C", "ActiveRecordTimestamp \"never\" is not an ISO-8601 timestamp such as 9999-12-31T00:00:00Z"));
}

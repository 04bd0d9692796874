using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0301: upsert and insert-only need a primary key.</summary>
public sealed class DLT0301Tests
{
    [Fact]
    public Task A_primary_key_on_the_resource_or_a_column_passes() => AnalyzerAsync("""
        public sealed record Row(long Id, string Name);
        public sealed record KeyedRow([property: DltColumn(PrimaryKey = true)] long Id, string Name);

        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.Upsert, PrimaryKey = new[] { "Id" })]
            public static IEnumerable<Row> A() => Array.Empty<Row>();

            [DltResource(MergeStrategy = MergeStrategy.InsertOnly)]
            public static IEnumerable<KeyedRow> B() => Array.Empty<KeyedRow>();

            [DltResource(WriteDisposition = WriteDispositionKind.Merge)]
            public static IEnumerable<Row> DeleteInsertWithoutKeysIsAStagedAppend() => Array.Empty<Row>();
        }
        """);

    [Fact]
    public Task Upsert_without_a_primary_key_is_an_error() => AnalyzerAsync("""
        public sealed record Row(long Id, string Name);

        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = {|#0:MergeStrategy.Upsert|})]
            public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.KeyRequired).WithArguments("Rows", "upsert", "Row"));

    [Fact]
    public Task Insert_only_from_the_table_attribute_without_a_primary_key_is_an_error() => AnalyzerAsync("""
        [DltTable(WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = {|#0:MergeStrategy.InsertOnly|})]
        public sealed record Row(long Id, string Name);

        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.KeyRequired).WithArguments("Rows", "insert-only", "Row"));
}

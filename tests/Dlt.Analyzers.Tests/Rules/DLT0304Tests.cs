using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0304: merge hints dlt ignores (with a warning at load time) are reported at build time.</summary>
public sealed class DLT0304Tests
{
    [Fact]
    public Task Delete_insert_with_primary_key_dedup_sort_and_hard_delete_passes() => AnalyzerAsync("""
        public sealed record Row([property: DltColumn(PrimaryKey = true)] long Id, [property: DltColumn(DedupSort = "desc")] long Lsn,
            [property: DltColumn(HardDelete = true)] bool Deleted);

        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge)] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """);

    [Fact]
    public Task Hard_delete_on_an_append_resource_is_a_warning() => AnalyzerAsync("""
        public sealed record Row(long Id, [property: DltColumn(HardDelete = true)] bool {|#0:Deleted|});

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.MergeHintIgnored).WithArguments("HardDelete on 'Deleted'", "Rows", "hard_delete applies to write disposition merge, and the resource appends"));

    [Fact]
    public Task A_merge_key_with_upsert_is_a_warning() => AnalyzerAsync("""
        public sealed record Row(long Id, string Region);

        public static partial class Resources
        {
            [DltResource(MergeStrategy = MergeStrategy.Upsert, PrimaryKey = new[] { "Id" }, MergeKey = {|#0:new[] { "Region" }|})]
            public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.MergeHintIgnored).WithArguments("The merge key", "Rows", "upsert matches rows on the primary key only"));

    [Fact]
    public Task Dedup_sort_without_a_primary_key_is_a_warning() => AnalyzerAsync("""
        public sealed record Row(long Id, [property: DltColumn(DedupSort = "asc")] long {|#0:Lsn|});

        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge, MergeKey = new[] { "Id" })]
            public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.MergeHintIgnored).WithArguments("DedupSort on 'Lsn'", "Rows", "dedup_sort orders rows with the same primary key, and the resource has no primary key"));
}

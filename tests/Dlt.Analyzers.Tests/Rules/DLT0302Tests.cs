using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0302: scd2 with a primary key but no merge key retires every record missing from a load.</summary>
public sealed class DLT0302Tests
{
    private const string Row = "public sealed record Customer(long Id, string Name);\n";

    [Fact]
    public Task Scd2_with_a_merge_key_or_without_keys_passes() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource(MergeStrategy = MergeStrategy.Scd2, PrimaryKey = new[] { "Id" }, MergeKey = new[] { "Id" })]
            public static IEnumerable<Customer> Incremental() => Array.Empty<Customer>();

            [DltResource(MergeStrategy = MergeStrategy.Scd2)]
            public static IEnumerable<Customer> FullExtract() => Array.Empty<Customer>();
        }
        """);

    [Fact]
    public Task Scd2_with_only_a_primary_key_is_a_warning() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource(MergeStrategy = {|#0:MergeStrategy.Scd2|}, PrimaryKey = new[] { "Id" })]
            public static IEnumerable<Customer> Customers() => Array.Empty<Customer>();
        }
        """,
        Diagnostic(DltDiagnostics.Scd2WithoutMergeKey).WithArguments("Customers", "new[] { \"Id\" }"));
}

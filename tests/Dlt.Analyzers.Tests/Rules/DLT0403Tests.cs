using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0403: names that are empty after snake_case normalization.</summary>
public sealed class DLT0403Tests
{
    [Fact]
    public Task Names_with_letters_pass() => AnalyzerAsync("""
        [DltTable("orders")]
        public sealed record Order(long Id, [property: DltColumn("Total Amount")] decimal Total, [property: DltColumn("")] string Note);

        [DltSource("shop")]
        public static partial class Shop
        {
            [DltResource("orders", TableName = "__")] public static IEnumerable<Order> Orders() => Array.Empty<Order>();
        }
        """);

    [Fact]
    public Task Whitespace_and_separator_names_are_errors() => AnalyzerAsync("""
        public sealed record Order(long Id, [property: DltColumn({|#0:"   "|})] decimal Total);

        [DltSource({|#1:" "|})]
        public static partial class Shop
        {
            [DltResource(TableName = {|#2:"  "|}, PrimaryKey = new[] { {|#3:"  "|} })]
            public static IEnumerable<Order> Orders() => Array.Empty<Order>();
        }
        """,
        Diagnostic(DltDiagnostics.EmptyName, 0).WithArguments("Column name", "   ", "Order"),
        Diagnostic(DltDiagnostics.EmptyName, 1).WithArguments("Source name", " ", "Shop"),
        Diagnostic(DltDiagnostics.EmptyName, 2).WithArguments("Table name", "  ", "Orders"),
        Diagnostic(DltDiagnostics.EmptyName, 3).WithArguments("Primary key", "  ", "Orders"));
}

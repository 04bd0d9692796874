using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0401: two members that normalize to one column name (the runtime's snake_case rules).</summary>
public sealed class DLT0401Tests
{
    [Fact]
    public Task Distinct_columns_pass() => AnalyzerAsync("""
        public sealed record User(string Login, long Id);
        public sealed record Row(long Id, long UserId, User Author, [property: DltColumn("author_name")] string Name);

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """);

    [Fact]
    public Task Members_differing_in_case_and_underscores_are_an_error() => AnalyzerAsync("""
        public sealed class Row
        {
            public long UserId { get; init; }
            public long {|#0:User_Id|} { get; init; }
        }

        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.ColumnNameCollision).WithArguments("UserId", "User_Id", "Row", "user_id"));

    [Fact]
    public Task A_column_name_that_clashes_with_a_flattened_member_is_an_error() => AnalyzerAsync("""
        public sealed record User(string Login);
        public sealed record Row(User Author, [property: DltColumn("author__login")] string {|#0:Login|});

        [DltTable]
        public sealed record Standalone(string Name, [property: DltColumn("NAME")] string {|#1:Label|});
        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.ColumnNameCollision, 0).WithArguments("Author.Login", "Login", "Row", "author__login"),
        Diagnostic(DltDiagnostics.ColumnNameCollision, 1).WithArguments("Name", "Label", "Standalone", "name"));
}

using DltNet.Analyzers.CodeFixes;
using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0002: the cursor path of [DltIncremental] must walk the row type's members.</summary>
public sealed class DLT0002Tests
{
    private const string Rows = """
        public sealed record User(string Login, long Id);
        public sealed record Issue(long Id, DateTimeOffset UpdatedAt, User Author, Dictionary<string, object?> Extra);

        """;

    [Fact]
    public Task Member_names_nested_paths_and_json_paths_pass() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Issue> ByTime([DltIncremental(nameof(Issue.UpdatedAt))] Incremental<DateTimeOffset> updatedAt) => Array.Empty<Issue>();

            [DltResource]
            public static IEnumerable<Issue> ByAuthor([DltIncremental("Author.Login")] Incremental<string> login) => Array.Empty<Issue>();

            [DltResource]
            public static IEnumerable<Issue> ByJsonPath([DltIncremental("$.Author.Id")] Incremental<long> id) => Array.Empty<Issue>();

            [DltResource]
            public static IEnumerable<Issue> IntoDictionary([DltIncremental("Extra.version")] Incremental<long> version) => Array.Empty<Issue>();
        }
        """);

    [Fact]
    public Task A_normalized_column_name_does_not_match_the_row_key_and_is_fixed() => CodeFixAsync<ReplaceKeyCodeFix>(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Issue> Issues([DltIncremental({|#0:"updated_at"|})] Incremental<DateTimeOffset> updatedAt) => Array.Empty<Issue>();
        }
        """, Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Issue> Issues([DltIncremental("UpdatedAt")] Incremental<DateTimeOffset> updatedAt) => Array.Empty<Issue>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorPathNotFound).WithArguments("updated_at", "updatedAt", "Issues", "updated_at", "Issue", "; did you mean 'UpdatedAt'?"));

    [Fact]
    public Task A_nested_member_that_does_not_exist_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Issue> Issues([DltIncremental({|#0:"Author.Name"|})] Incremental<string> name) => Array.Empty<Issue>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorPathNotFound).WithArguments("Author.Name", "name", "Issues", "Name", "User", "; its members are Login, Id"));

    [Fact]
    public Task A_path_through_a_scalar_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Issue> Issues([DltIncremental({|#0:"Id.Value"|})] Incremental<long> value) => Array.Empty<Issue>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorPathNotFound).WithArguments("Id.Value", "value", "Issues", "Value", "long", "; 'Id' is a value of type long, not an object with members"));
}

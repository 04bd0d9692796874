using DltNet.Analyzers.CodeFixes;
using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0001: primary key, merge key, row version column and incremental dedup keys must name members.</summary>
public sealed class DLT0001Tests
{
    private const string Row = """
        public sealed record Issue(long Id, string Title, DateTimeOffset UpdatedAt, [property: DltColumn("repo_name")] string Repository);

        """;

    [Fact]
    public Task Keys_that_name_members_columns_or_column_keys_pass() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(Issue.Id) }, MergeKey = new[] { "repo_name", "updated_at" })]
            public static IEnumerable<Issue> Issues() => Array.Empty<Issue>();
        }
        """);

    [Fact]
    public Task A_primary_key_that_names_no_member_is_an_error() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { {|#0:"Number"|} })]
            public static IEnumerable<Issue> Issues() => Array.Empty<Issue>();
        }
        """,
        Diagnostic(DltDiagnostics.KeyMemberNotFound).WithArguments("Primary key", "Number", "Issues", "Issue", "; its members are Id, Title, UpdatedAt, Repository"));

    [Fact]
    public Task A_misspelled_merge_key_is_fixed_to_the_member_name() => CodeFixAsync<ReplaceKeyCodeFix>(Row + """
        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge, MergeKey = new[] { {|#0:"updatedat"|} })]
            public static IEnumerable<Issue> Issues() => Array.Empty<Issue>();
        }
        """, Row + """
        public static partial class Resources
        {
            [DltResource(WriteDisposition = WriteDispositionKind.Merge, MergeKey = new[] { "UpdatedAt" })]
            public static IEnumerable<Issue> Issues() => Array.Empty<Issue>();
        }
        """,
        Diagnostic(DltDiagnostics.KeyMemberNotFound).WithArguments("Merge key", "updatedat", "Issues", "Issue", "; did you mean 'UpdatedAt'?"));
}

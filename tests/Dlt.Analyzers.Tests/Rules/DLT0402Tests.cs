using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0402: resources of one source whose names or tables collide after normalization.</summary>
public sealed class DLT0402Tests
{
    private const string Row = "public sealed record Event(long Id);\n";

    [Fact]
    public Task Distinct_names_and_a_deliberately_shared_table_pass() => AnalyzerAsync(Row + """
        [DltSource]
        public static partial class Events
        {
            [DltResource(TableName = "events")] public static IEnumerable<Event> Clicks() => Array.Empty<Event>();
            [DltResource(TableName = "events")] public static IEnumerable<Event> Views() => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> Sessions() => Array.Empty<Event>();
        }
        """);

    [Fact]
    public Task Tables_that_differ_only_in_spelling_are_a_warning() => AnalyzerAsync(Row + """
        [DltSource]
        public static partial class Events
        {
            [DltResource] public static IEnumerable<Event> UserEvents() => Array.Empty<Event>();
            [DltResource(TableName = "UserEvents")] public static IEnumerable<Event> {|#0:MoreUserEvents|}() => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.TableNameCollision).WithArguments("UserEvents", "MoreUserEvents", "events",
            "'user_events' and 'UserEvents' both normalize to table 'user_events'; give one another TableName, or the same TableName on both if they are meant to share the table"));

    [Fact]
    public Task Two_resources_with_one_name_are_a_warning() => AnalyzerAsync(Row + """
        [DltSource("tracking")]
        public static partial class Events
        {
            [DltResource("events")] public static IEnumerable<Event> Clicks() => Array.Empty<Event>();
            [DltResource(Name = "events", TableName = "views")] public static IEnumerable<Event> {|#0:Views|}() => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.TableNameCollision).WithArguments("Clicks", "Views", "tracking",
            "both are named 'events', and resource names must be unique in a source; set Name on one of them"));
}

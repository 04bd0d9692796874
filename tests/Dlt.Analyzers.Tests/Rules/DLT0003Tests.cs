using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0003: Incremental&lt;T&gt; must hold the values the runtime reads from the cursor member.</summary>
public sealed class DLT0003Tests
{
    private const string Rows = """
        public sealed record Event(long Id, int Sequence, DateTimeOffset At, DateTime LocalAt, DateOnly Day, string Name, Guid Key);

        """;

    [Fact]
    public Task Matching_and_widening_cursor_types_pass() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Event> A([DltIncremental(nameof(Event.Id))] Incremental<long> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> B([DltIncremental(nameof(Event.Sequence))] Incremental<long> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> C([DltIncremental(nameof(Event.Sequence))] Incremental<int> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> D([DltIncremental(nameof(Event.At))] Incremental<DateTimeOffset> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> E([DltIncremental(nameof(Event.LocalAt))] Incremental<DateTime> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> F([DltIncremental(nameof(Event.Day))] Incremental<DateOnly> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> G([DltIncremental(nameof(Event.Key))] Incremental<string> c) => Array.Empty<Event>();
        }
        """);

    [Fact]
    public Task A_number_cursor_on_a_timestamp_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([DltIncremental(nameof(Event.At))] Incremental<long> {|#0:at|}) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorTypeMismatch).WithArguments("at", "Events", "long", "At", "System.DateTimeOffset", "DateTimeOffset"));

    [Fact]
    public Task An_int_cursor_on_a_long_member_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([DltIncremental(nameof(Event.Id))] Incremental<int> {|#0:id|}) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorTypeMismatch).WithArguments("id", "Events", "int", "Id", "long", "long"));

    [Fact]
    public Task A_DateTimeOffset_cursor_on_a_DateTime_member_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([DltIncremental(nameof(Event.LocalAt))] Incremental<DateTimeOffset> {|#0:at|}) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorTypeMismatch).WithArguments("at", "Events", "System.DateTimeOffset", "LocalAt", "System.DateTime", "DateTime"));
}

using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0004: InitialValue and EndValue parse as the cursor type, and an end value needs an initial value before it.</summary>
public sealed class DLT0004Tests
{
    private const string Rows = """
        public sealed record Event(long Id, DateTimeOffset At, DateOnly Day, decimal Amount);

        """;

    [Fact]
    public Task Values_that_parse_pass() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource] public static IEnumerable<Event> A([DltIncremental(nameof(Event.At), InitialValue = "2024-01-01T00:00:00Z", EndValue = "2024-02-01T00:00:00Z")] Incremental<DateTimeOffset> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> B([DltIncremental(nameof(Event.Id), InitialValue = "-5")] Incremental<long> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> C([DltIncremental(nameof(Event.Day), InitialValue = "2024-03-01")] Incremental<DateOnly> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> D([DltIncremental(nameof(Event.Amount), InitialValue = "10.5")] Incremental<decimal> c) => Array.Empty<Event>();
            [DltResource] public static IEnumerable<Event> E([DltIncremental(nameof(Event.Id), InitialValue = "100", EndValue = "10", LastValueFunc = "min")] Incremental<long> c) => Array.Empty<Event>();
        }
        """);

    [Fact]
    public Task A_timestamp_that_does_not_parse_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([DltIncremental(nameof(Event.At), InitialValue = {|#0:"yesterday"|})] Incremental<DateTimeOffset> at) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorValueInvalid).WithArguments("InitialValue", "at", "Events", "\"yesterday\" is not an ISO-8601 date-time such as 2024-01-01T00:00:00Z"));

    [Fact]
    public Task A_decimal_comma_is_an_error_for_a_long() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([DltIncremental(nameof(Event.Id), InitialValue = {|#0:"1,5"|})] Incremental<long> id) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorValueInvalid).WithArguments("InitialValue", "id", "Events", "\"1,5\" is not a long (an integer in invariant culture)"));

    [Fact]
    public Task An_end_value_without_initial_value_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([DltIncremental(nameof(Event.Id), EndValue = {|#0:"10"|})] Incremental<long> id) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorValueInvalid).WithArguments("EndValue", "id", "Events", "an end value needs an InitialValue (a backfill runs from InitialValue to EndValue)"));

    [Fact]
    public Task An_end_value_before_the_initial_value_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([DltIncremental(nameof(Event.Id), InitialValue = "10", EndValue = {|#0:"5"|})] Incremental<long> id) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.CursorValueInvalid).WithArguments("EndValue", "id", "Events", "\"5\" comes before InitialValue \"10\" under last value function max"));
}

using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0005: incremental options are dlt's values, the attribute sits on Incremental&lt;T&gt;, one cursor per resource.</summary>
public sealed class DLT0005Tests
{
    private const string Rows = """
        public sealed record Event(long Id, DateTimeOffset At);

        """;

    [Fact]
    public Task Valid_options_pass() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([DltIncremental(nameof(Event.Id), LastValueFunc = "min", RowOrder = "desc", OnCursorValueMissing = "exclude")] Incremental<long> id)
                => Array.Empty<Event>();
        }
        """);

    [Fact]
    public Task An_unknown_last_value_function_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([DltIncremental(nameof(Event.Id), LastValueFunc = {|#0:"maximum"|})] Incremental<long> id) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.IncrementalOptionInvalid).WithArguments("id", "Events", "LastValueFunc \"maximum\" is neither \"max\" nor \"min\""));

    [Fact]
    public Task The_attribute_on_a_plain_parameter_is_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events([{|#0:DltIncremental(nameof(Event.At))|}] DateTimeOffset at) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.IncrementalOptionInvalid).WithArguments("at", "Events", "the attribute goes on an Incremental<T> parameter, not on System.DateTimeOffset"));

    [Fact]
    public Task Two_cursors_are_an_error() => AnalyzerAsync(Rows + """
        public static partial class Resources
        {
            [DltResource]
            public static IEnumerable<Event> Events(Incremental<long> id, Incremental<DateTimeOffset> {|#0:at|}) => Array.Empty<Event>();
        }
        """,
        Diagnostic(DltDiagnostics.IncrementalOptionInvalid).WithArguments("at", "Events", "a resource takes at most one incremental cursor"));
}

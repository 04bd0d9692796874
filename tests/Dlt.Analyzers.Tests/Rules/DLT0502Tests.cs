using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0502: the SchemaContract shorthand is one of dlt's modes.</summary>
public sealed class DLT0502Tests
{
    [Fact]
    public Task Modes_pass() => AnalyzerAsync("""
        [DltTable(SchemaContract = "discard_value")]
        public sealed record Row(long Id);

        [DltSource(SchemaContract = "freeze")]
        public static partial class Source
        {
            [DltResource(SchemaContract = "discard-row")] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """);

    [Fact]
    public Task Unknown_modes_are_errors() => AnalyzerAsync("""
        [DltTable(SchemaContract = {|#0:"never"|})]
        public sealed record Row(long Id);

        [DltSource(SchemaContract = {|#1:"strict"|})]
        public static partial class Source
        {
            [DltResource(SchemaContract = {|#2:"sometimes"|})] public static IEnumerable<Row> Rows() => Array.Empty<Row>();
        }
        """,
        Diagnostic(DltDiagnostics.SchemaContractInvalid, 0).WithArguments("never", "Row"),
        Diagnostic(DltDiagnostics.SchemaContractInvalid, 1).WithArguments("strict", "Source"),
        Diagnostic(DltDiagnostics.SchemaContractInvalid, 2).WithArguments("sometimes", "Rows"));
}

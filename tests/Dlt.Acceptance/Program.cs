using DltNet.Acceptance;

// dotnet run --project tests/Dlt.Acceptance -- [--destination duckdb|postgres] [folders or case files]
// The destination may also come from $DLT_ACCEPTANCE_DESTINATION; postgres reads its server from
// $DESTINATION__POSTGRES__CREDENTIALS (start one with `source .ci/postgres.sh start`), DLT_SKIP_POSTGRES=1 skips it.
var inputs = new List<string>();
var destination = Environment.GetEnvironmentVariable(AcceptanceTarget.DestinationVariable) is { Length: > 0 } env ? env : "duckdb";
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--destination" && i + 1 < args.Length) destination = args[++i];
    else if (args[i].StartsWith("--destination=", StringComparison.Ordinal)) destination = args[i]["--destination=".Length..];
    else inputs.Add(args[i]);
}
if (inputs.Count == 0) inputs.Add(AcceptanceRunner.DefaultCasesFolder());
var cases = AcceptanceRunner.FindCases(inputs);

AcceptanceTarget target;
try
{
    var isPostgres = destination.Trim().ToLowerInvariant() is "postgres" or "postgresql";
    if (isPostgres && AcceptanceTarget.PostgresSkipReason() is { } skip)
    {
        Console.WriteLine($"SKIP all {cases.Count} cases: {skip}");
        Console.WriteLine($"postgres: 0 passed, 0 failed, {cases.Count} skipped");
        return 0;
    }
    target = AcceptanceTarget.FromName(destination);
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or DltNet.DltException)
{
    Console.Error.WriteLine($"ERROR: {e.Message}");
    return 2;
}

int passed = 0, failed = 0;
foreach (var file in cases)
{
    var result = AcceptanceRunner.RunCase(file, target);
    if (result.Passed) { passed++; Console.WriteLine($"PASS {result.Name}"); }
    else { failed++; Console.WriteLine($"FAIL {result.Name}: {result.Reason}"); }
}
// the DuckDB line stays as it always was; other destinations say which they are
Console.WriteLine(target == AcceptanceTarget.DuckDb ? $"{passed} passed, {failed} failed" : $"{target.Name}: {passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

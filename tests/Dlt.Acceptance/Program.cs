using DltNet.Acceptance;

// dotnet run --project tests/Dlt.Acceptance -- [folders or case files]
var inputs = args.Length > 0 ? args : [AcceptanceRunner.DefaultCasesFolder()];
var cases = AcceptanceRunner.FindCases(inputs);
int passed = 0, failed = 0;
foreach (var file in cases)
{
    var result = AcceptanceRunner.RunCase(file);
    if (result.Passed) { passed++; Console.WriteLine($"PASS {result.Name}"); }
    else { failed++; Console.WriteLine($"FAIL {result.Name}: {result.Reason}"); }
}
Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

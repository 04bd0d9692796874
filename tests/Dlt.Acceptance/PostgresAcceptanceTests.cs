using Xunit;
using Xunit.Abstractions;

namespace DltNet.Acceptance;

/// <summary>
/// Every acceptance case against a real PostgreSQL server from <c>DESTINATION__POSTGRES__CREDENTIALS</c>
/// (start one with <c>source .ci/postgres.sh start</c>). Without the variable each case fails and says how to start a
/// server. xunit 2 has no dynamic skip, so the explicit opt-out <c>DLT_SKIP_POSTGRES=1</c> makes each case pass after
/// writing the skip reason to the test output (documented in docs/destinations/postgres.md).
/// </summary>
public sealed class PostgresAcceptanceTests(ITestOutputHelper output)
{
    /// <summary>The bundled cases.</summary>
    public static TheoryData<string> Cases() => AcceptanceTests.Cases();

    /// <summary>Runs one case in its own PostgreSQL schema.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string file)
    {
        if (AcceptanceTarget.PostgresSkipReason() is { } reason)
        {
            output.WriteLine($"SKIPPED: {reason}");
            return;
        }
        var target = PostgresAcceptanceTarget.FromEnvironment();
        var result = AcceptanceRunner.RunCase(Path.Combine(AcceptanceRunner.DefaultCasesFolder(), file), target);
        Assert.True(result.Passed, result.Reason);
    }
}

using Xunit;

namespace DltNet.Acceptance;

/// <summary>One test per acceptance case of the bundled corpus.</summary>
public sealed class AcceptanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in AcceptanceRunner.FindCases([AcceptanceRunner.DefaultCasesFolder()]))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string file)
    {
        var result = AcceptanceRunner.RunCase(Path.Combine(AcceptanceRunner.DefaultCasesFolder(), file));
        Assert.True(result.Passed, result.Reason);
    }
}

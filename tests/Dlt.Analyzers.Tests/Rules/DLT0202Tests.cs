using DltNet.Analyzers.CodeFixes;
using static DltNet.Analyzers.Tests.Infrastructure.Verify;

namespace DltNet.Analyzers.Tests.Rules;

/// <summary>DLT0202: async resources take an [EnumeratorCancellation] CancellationToken (info, with a code fix).</summary>
public sealed class DLT0202Tests
{
    private const string Row = "public sealed record Row(long Id);\n";

    [Fact]
    public Task Async_resources_with_a_token_and_non_async_wrappers_pass() => AnalyzerAsync(Row + """
        public static partial class Resources
        {
            [DltResource]
            public static async IAsyncEnumerable<Row> A([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
            {
                await Task.Delay(1, ct);
                yield return new Row(1);
            }

            [DltResource]
            public static IAsyncEnumerable<Row> B() => A();
        }
        """);

    [Fact]
    public Task The_fix_adds_the_token_and_the_using() => CodeFixAsync<AddCancellationTokenCodeFix>(Row + """
        public static partial class Resources
        {
            [DltResource]
            public static async IAsyncEnumerable<Row> {|#0:Pages|}(int pageSize)
            {
                await Task.Yield();
                yield return new Row(pageSize);
            }
        }
        """, """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using DltNet.Attributes;
        using DltNet.Extract;
        using DltNet.Schema;

        """ + Row + """
        public static partial class Resources
        {
            [DltResource]
            public static async IAsyncEnumerable<Row> Pages(int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                await Task.Yield();
                yield return new Row(pageSize);
            }
        }
        """, fixedHasUsings: true,
        Diagnostic(DltDiagnostics.AsyncResourceWithoutCancellation).WithArguments("Pages"));
}

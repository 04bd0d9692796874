using System.Runtime.CompilerServices;
using DltNet.Attributes;
using DltNet.Schema;

namespace DltNet.Generators.Tests.EndToEnd;

// Acceptance cases of tests/Dlt.Acceptance/cases expressed as records. The data is read from the case files
// into these records (typed path) and used as it is (dynamic path).

/// <summary>015: a list of objects becomes a child table.</summary>
public sealed record Order015(long Id, List<Item015> Items);

/// <summary>015: a child row.</summary>
public sealed record Item015(string Sku, long Qty);

/// <summary>016: a list of scalars becomes a child table with a value column.</summary>
public sealed record Post016(long Id, IReadOnlyList<string> Tags);

/// <summary>017: a list inside an object is named with the full path.</summary>
public sealed record Deep017(long Id, A017 A);

/// <summary>017: the object holding the list.</summary>
public sealed record A017(long[] B, string C);

/// <summary>025: deep objects flatten, deep lists nest.</summary>
public sealed record Deep025(long Id, L1025 L1, List<A025> A);

/// <summary>025: level 1.</summary>
public sealed record L1025(L2025 L2);

/// <summary>025: level 2.</summary>
public sealed record L2025(L3025 L3);

/// <summary>025: level 3.</summary>
public sealed record L3025(L4025 L4);

/// <summary>025: level 4.</summary>
public sealed record L4025(string L5);

/// <summary>025: list level 1.</summary>
public sealed record A025(List<B025> B);

/// <summary>025: list level 2.</summary>
public sealed record B025(List<long> C);

/// <summary>033: basic type inference.</summary>
public sealed record Types033(long I, double F, bool B, string S, long Neg, double ZeroF);

/// <summary>063: merge on a primary key.</summary>
public sealed record M063(long Id, string V);

/// <summary>Typed resources of the acceptance data sets.</summary>
public static partial class AcceptanceResources
{
    /// <summary>015.</summary>
    [DltResource("orders")]
    public static IEnumerable<Order015> Orders(IEnumerable<Order015> rows)
    {
        foreach (var row in rows) yield return row;
    }

    /// <summary>016.</summary>
    [DltResource("posts")]
    public static async IAsyncEnumerable<Post016> Posts(IReadOnlyList<Post016> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    /// <summary>017.</summary>
    [DltResource("deep")]
    public static IEnumerable<Deep017> Deep(IEnumerable<Deep017> rows) => rows;

    /// <summary>025.</summary>
    [DltResource("deepd")]
    public static IEnumerable<Deep025> DeepDefault(IEnumerable<Deep025> rows) => rows;

    /// <summary>033.</summary>
    [DltResource("types")]
    public static IEnumerable<Types033> Types(IEnumerable<Types033> rows) => rows;

    /// <summary>063.</summary>
    [DltResource("m", WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(M063.Id) })]
    public static IEnumerable<M063> Merged(IEnumerable<M063> rows) => rows;
}

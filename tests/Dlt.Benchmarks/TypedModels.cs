using DltNet.Attributes;
using DltNet.Schema;

namespace DltNet.Benchmarks;

/// <summary>The flat workload's row: the same 5 columns as <see cref="Workloads.FlatDictionaries"/>.</summary>
public sealed record BenchRow(long Id, string Name, double Value, DateTimeOffset UpdatedAt, bool Active);

/// <summary>The nested workload's row: a nested object of 2 fields and a list of 5 child records.</summary>
public sealed record BenchOrder(long Id, string Name, BenchCustomer Customer, List<BenchLine> Lines);

public sealed record BenchCustomer(string Country, long Tier);

public sealed record BenchLine(long Line, string Sku, long Qty);

/// <summary>Typed resources of the benchmark workloads (generated factories: <c>FlatResource</c>, ...).</summary>
public static partial class BenchResources
{
    public static IEnumerable<BenchRow> Rows(long n, Func<long, long>? key = null)
    {
        for (long i = 0; i < n; i++)
            yield return new BenchRow(key is null ? i : key(i), "name_" + i, i * 0.25, Workloads.Epoch.AddSeconds(i), (i & 1) == 0);
    }

    [DltResource("flat")]
    public static IEnumerable<BenchRow> Flat(long n) => Rows(n);

    [DltResource("flat", WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(BenchRow.Id) })]
    public static IEnumerable<BenchRow> FlatMerged(long n, long keyStep) => Rows(n, i => i * keyStep);

    [DltResource("flat", WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.Upsert, PrimaryKey = new[] { nameof(BenchRow.Id) })]
    public static IEnumerable<BenchRow> FlatUpserted(long n, long keyStep) => Rows(n, i => i * keyStep);

    // explicit append: a resource without a disposition keeps the one the table has (merge, after the merge workload's first load)
    [DltResource("flat", WriteDisposition = WriteDispositionKind.Append)]
    public static IEnumerable<BenchRow> FlatAppended(long n, long keyStep) => Rows(n, i => i * keyStep);

    [DltResource("flat_plain")]
    public static IEnumerable<BenchRow> FlatPlain(long n, long keyStep) => Rows(n, i => i * keyStep);

    [DltResource("orders")]
    public static IEnumerable<BenchOrder> Nested(long n)
    {
        for (long i = 0; i < n; i++)
        {
            var lines = new List<BenchLine>(5);
            for (var c = 0; c < 5; c++) lines.Add(new BenchLine(c, $"sku_{i % 1000}_{c}", c + 1));
            yield return new BenchOrder(i, "order_" + i, new BenchCustomer(i % 2 == 0 ? "DE" : "US", i % 5), lines);
        }
    }
}

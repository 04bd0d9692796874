using DltNet.Attributes;
using DltNet.Destinations.DuckDb;
using DltNet.Extract;
using DltNet.Extract.Typed;
using DltNet.Schema;

namespace DltNet.Generators.Tests.EndToEnd;

/// <summary>A row type whose members are all stored as they are: it gets a generated columnar writer (the typed fast path).</summary>
public sealed record FastOrder(long Id, string Name, double Amount, DateTimeOffset CreatedAt, bool Paid, int? Priority, FastCustomer? Customer,
    List<FastLine> Lines, string[]? Tags);

public sealed record FastCustomer(string Country, long Tier);

public sealed record FastLine(long Line, string Sku, List<long> Codes);

public static partial class FastResources
{
    [DltResource("fast_orders")]
    public static IEnumerable<FastOrder> Orders(IEnumerable<FastOrder> rows) => rows;

    [DltResource("fast_merged", WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(FastOrder.Id) })]
    public static IEnumerable<FastOrder> Merged(IEnumerable<FastOrder> rows) => rows;

    [DltResource("fast_upsert", WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.Upsert, PrimaryKey = new[] { nameof(FastOrder.Id) })]
    public static IEnumerable<FastOrder> Upserted(IEnumerable<FastOrder> rows) => rows;
}

/// <summary>
/// The typed columnar fast path: generated writers put typed rows into Parquet job files at extract, normalize only validates
/// and copies them, and the destination ends up with exactly what the dynamic path loads from the same data.
/// </summary>
// one collection: these tests read the process-wide count of fast-path rows, so they must not run side by side
[Collection("typed pipelines")]
public sealed class TypedFastPathTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dlt-generators-tests", Guid.NewGuid().ToString("N"));

    public TypedFastPathTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private static List<FastOrder> Orders(int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i => new FastOrder(
            i, "order_" + i, i * 0.25, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(i % 3)).AddSeconds(i * 1.000001), i % 2 == 0,
            i % 4 == 0 ? null : i % 7,
            i % 5 == 0 ? null : new FastCustomer(i % 2 == 0 ? "DE" : "US", i % 3),
            Enumerable.Range(0, i % 4).Select(l => new FastLine(l, $"sku_{i}_{l}", Enumerable.Range(0, l).Select(c => (long)(c * i)).ToList())).ToList(),
            i % 3 == 0 ? null : ["t" + (i % 2), "x"])).ToList();

    [Fact]
    public void GeneratedWriterExistsOnlyForRowsStoredAsTheyAre()
    {
        Assert.NotNull(TypedTableWriters.Find(typeof(FastOrder)));
        Assert.NotNull(TypedTableWriters.Find(typeof(Order015)));
        // decimal, DateOnly, json and lists of lists keep the dynamic path
        Assert.Null(TypedTableWriters.Find(typeof(Shop)));
    }

    [Fact]
    public void ExtractWritesParquetAndNormalizeCopiesItWithTheSameResultAsTheDynamicPath()
    {
        var rows = Orders(50);
        var typedPipeline = NewPipeline("typed");
        typedPipeline.MaxRowsPerFile = 7; // several files per table
        var loadId = typedPipeline.Extract(FastResources.OrdersResource(rows));
        var jobs = Directory.GetFiles(Path.Combine(typedPipeline.WorkingDir, "normalize", "extracted", loadId, "new_jobs"));
        Assert.Contains(jobs, f => Path.GetFileName(f).StartsWith("fast_orders.", StringComparison.Ordinal) && f.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Contains(jobs, f => Path.GetFileName(f).StartsWith("fast_orders__lines__codes.", StringComparison.Ordinal) && f.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.True(jobs.Count(f => Path.GetFileName(f).StartsWith("fast_orders.", StringComparison.Ordinal)) >= 8, "root rows rotate into files of MaxRowsPerFile rows");
        Assert.DoesNotContain(jobs, f => Path.GetFileName(f).StartsWith("fast_orders.", StringComparison.Ordinal) && f.EndsWith(".typed-jsonl", StringComparison.Ordinal));

        var metrics = typedPipeline.Normalize();
        var lines = rows.Sum(r => r.Lines.Count);
        var codes = rows.Sum(r => r.Lines.Sum(l => l.Codes.Count));
        var tags = rows.Sum(r => r.Tags?.Length ?? 0);
        Assert.Equal(rows.Count + lines + codes + tags, metrics.Sum(m => m.TypedRows));
        Assert.Equal(rows.Count, metrics.Single().RowCounts["fast_orders"]);
        Assert.Equal(lines, metrics.Single().RowCounts["fast_orders__lines"]);
        Assert.False(typedPipeline.Load().HasFailedJobs);
        var typed = Snapshot(typedPipeline, "typed");

        var dynamicPipeline = NewPipeline("dynamic");
        dynamicPipeline.Run(Dlt.Resource(PlainData.Rows(rows), "fast_orders", columns: FastOrderColumns()));
        var dynamic = Snapshot(dynamicPipeline, "dynamic");
        AssertSame(dynamic, typed);
    }

    [Fact]
    public void MergeDeleteInsertPropagatesTheRootKeyLikeTheDynamicPath()
    {
        var typedPipeline = NewPipeline("typed_merge");
        var fast = TypedTableWriters.RowsAppended;
        typedPipeline.Run(FastResources.MergedResource(Orders(20)));
        typedPipeline.Run(FastResources.MergedResource(Orders(10, offset: 15)));
        Assert.True(TypedTableWriters.RowsAppended - fast >= 30);
        var typed = Snapshot(typedPipeline, "typed_merge");
        Assert.Contains(typed.Tables["fast_merged__lines"].Columns, c => c.Name == "_dlt_root_id");

        var dynamicPipeline = NewPipeline("dynamic_merge");
        foreach (var batch in new[] { Orders(20), Orders(10, offset: 15) })
            dynamicPipeline.Run(Dlt.Resource(PlainData.Rows(batch), "fast_merged", writeDisposition: "merge", primaryKey: "Id", columns: FastOrderColumns()));
        AssertSame(Snapshot(dynamicPipeline, "dynamic_merge"), typed);
    }

    [Fact]
    public void UpsertKeepsTheDynamicPathAndLoadsTheSame()
    {
        var typedPipeline = NewPipeline("typed_upsert");
        var fastRows = TypedTableWriters.RowsAppended;
        typedPipeline.Extract(FastResources.UpsertedResource(Orders(5)));
        Assert.Equal(fastRows, TypedTableWriters.RowsAppended); // key hashes as row ids: not the fast path
        typedPipeline.Normalize();
        typedPipeline.Load();
        var dynamicPipeline = NewPipeline("dynamic_upsert");
        dynamicPipeline.Run(Dlt.Resource(PlainData.Rows(Orders(5)), "fast_upsert", writeDisposition: WriteDisposition.Upsert, primaryKey: "Id", columns: FastOrderColumns()));
        AssertSame(Snapshot(dynamicPipeline, "dynamic_upsert"), Snapshot(typedPipeline, "typed_upsert"));
    }

    [Fact]
    public void ANullInANotNullColumnFailsInNormalizeAsOnTheDynamicPath()
    {
        var rows = Orders(6);
        rows[3] = rows[3] with { Name = null! };
        var typedPipeline = NewPipeline("typed_null");
        var typedError = Assert.Throws<PipelineStepFailedException>(() => typedPipeline.Run(FastResources.OrdersResource(rows)));
        var dynamicPipeline = NewPipeline("dynamic_null");
        var dynamicError = Assert.Throws<PipelineStepFailedException>(() =>
            dynamicPipeline.Run(Dlt.Resource(PlainData.Rows(rows), "fast_orders", columns: FastOrderColumns())));
        Assert.Equal(dynamicError.Step, typedError.Step);
        Assert.Equal(dynamicError.InnerException!.GetType(), typedError.InnerException!.GetType());
        Assert.Contains("`name`", typedError.InnerException.Message, StringComparison.Ordinal);
    }

    /// <summary>The typed schema's columns as hints of the dynamic resource (the typed path declares them, the dynamic path infers them).</summary>
    private static IEnumerable<ColumnSchema> FastOrderColumns() => FastOrderDltTable.Schema.Root.Columns.Select(c => c.ToColumnSchema());

    private Pipeline NewPipeline(string name) =>
        Dlt.Pipeline(name, new DuckDbDestination(Path.Combine(_dir, name + ".duckdb")), "data", pipelinesDir: Path.Combine(_dir, "pipelines"));

    private DatasetSnapshot Snapshot(Pipeline pipeline, string name) => DatasetSnapshot.Read(Path.Combine(_dir, name + ".duckdb"), "data", pipeline.GetSchema()!);

    private static void AssertSame(DatasetSnapshot expected, DatasetSnapshot actual)
    {
        Assert.Equal(expected.Tables.Keys, actual.Tables.Keys);
        foreach (var (name, table) in expected.Tables)
        {
            var other = actual.Tables[name];
            Assert.True(table.Parent == other.Parent, $"{name}: parent {table.Parent} vs {other.Parent}");
            Assert.Equal(
                table.Columns.Select(c => $"{c.Name} {c.DuckDbType} {c.DltType}"),
                other.Columns.Select(c => $"{c.Name} {c.DuckDbType} {c.DltType}"));
            Assert.Equal(table.Rows, other.Rows);
        }
    }
}

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

/// <summary>A flat row type (no nested tables): upsert and insert-only take the fast path with key hashes as row ids.</summary>
public sealed record FastAccount(long Id, string Region, string Owner, double Balance, DateTimeOffset Seen, bool Active);

public static partial class FastResources
{
    [DltResource("fast_orders")]
    public static IEnumerable<FastOrder> Orders(IEnumerable<FastOrder> rows) => rows;

    [DltResource("fast_merged", WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(FastOrder.Id) })]
    public static IEnumerable<FastOrder> Merged(IEnumerable<FastOrder> rows) => rows;

    [DltResource("fast_upsert", WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.Upsert, PrimaryKey = new[] { nameof(FastOrder.Id) })]
    public static IEnumerable<FastOrder> Upserted(IEnumerable<FastOrder> rows) => rows;

    [DltResource("accounts", WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.Upsert,
        PrimaryKey = new[] { nameof(FastAccount.Id), nameof(FastAccount.Region) })]
    public static IEnumerable<FastAccount> Accounts(IEnumerable<FastAccount> rows) => rows;

    [DltResource("accounts_seen", WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.InsertOnly, PrimaryKey = new[] { nameof(FastAccount.Id) })]
    public static IEnumerable<FastAccount> AccountsSeen(IEnumerable<FastAccount> rows) => rows;

    [DltResource("accounts_by_seen", WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.Upsert, PrimaryKey = new[] { nameof(FastAccount.Seen) })]
    public static IEnumerable<FastAccount> AccountsBySeen(IEnumerable<FastAccount> rows) => rows;
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

    private static List<FastAccount> Accounts(int count, int offset, string owner) =>
        Enumerable.Range(offset, count).Select(i => new FastAccount(i / 2, i % 2 == 0 ? "eu" : "us", owner + i, i * 1.5,
            new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i), i % 3 != 0)).ToList();

    [Theory]
    [InlineData("accounts", "upsert", "Id,Region")]
    [InlineData("accounts_seen", "insert-only", "Id")]
    public void FlatUpsertAndInsertOnlyTakeTheFastPathWithTheDynamicPathsKeyHashes(string table, string strategy, string keys)
    {
        var typedPipeline = NewPipeline("typed_" + table);
        var dynamicPipeline = NewPipeline("dynamic_" + table);
        var disposition = new WriteDisposition(WriteDispositionKind.Merge, strategy == "upsert" ? MergeStrategy.Upsert : MergeStrategy.InsertOnly);
        var columns = FastAccountDltTable.Schema.Root.Columns.Select(c => c.ToColumnSchema()).ToList();
        foreach (var batch in new[] { Accounts(40, 0, "a"), Accounts(30, 25, "b") })
        {
            var fast = TypedTableWriters.RowsAppended;
            typedPipeline.Run(table == "accounts" ? FastResources.AccountsResource(batch) : FastResources.AccountsSeenResource(batch));
            Assert.Equal(batch.Count, TypedTableWriters.RowsAppended - fast);
            dynamicPipeline.Run(Dlt.Resource(PlainData.Rows(batch), table, writeDisposition: disposition, primaryKey: new KeyList(keys.Split(',')), columns: columns));
        }
        AssertSame(Snapshot(dynamicPipeline, "dynamic_" + table), Snapshot(typedPipeline, "typed_" + table));
        // the row ids themselves: the same key hashes on both paths
        var ids = $"SELECT id, region, _dlt_id FROM data.{table} ORDER BY id, region";
        var dynamicIds = DatasetSnapshot.Rows(Path.Combine(_dir, $"dynamic_{table}.duckdb"), ids);
        // upsert: 40 + 30 rows, 15 of them updates; insert-only keys by id alone and inserts what staging holds for new ids
        Assert.Equal(55, dynamicIds.Count);
        Assert.Equal(dynamicIds, DatasetSnapshot.Rows(Path.Combine(_dir, $"typed_{table}.duckdb"), ids));
    }

    [Fact]
    public void ANullKeyOfAnUpsertedRowFailsAsOnTheDynamicPath()
    {
        var rows = Accounts(6, 0, "a");
        rows[4] = rows[4] with { Region = null! };
        var typedError = Assert.Throws<PipelineStepFailedException>(() => NewPipeline("typed_null_key").Run(FastResources.AccountsResource(rows)));
        var columns = FastAccountDltTable.Schema.Root.Columns.Select(c => c.ToColumnSchema()).ToList();
        var dynamicError = Assert.Throws<PipelineStepFailedException>(() => NewPipeline("dynamic_null_key").Run(
            Dlt.Resource(PlainData.Rows(rows), "accounts", writeDisposition: WriteDisposition.Upsert, primaryKey: new KeyList(["Id", "Region"]), columns: columns)));
        Assert.Equal(dynamicError.Step, typedError.Step);
        Assert.Equal(dynamicError.InnerException!.GetType(), typedError.InnerException!.GetType());
        Assert.Contains("region", typedError.InnerException.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpsertOnATimestampKeyKeepsTheDynamicPath()
    {
        var typedPipeline = NewPipeline("typed_by_seen");
        var fast = TypedTableWriters.RowsAppended;
        typedPipeline.Run(FastResources.AccountsBySeenResource(Accounts(5, 0, "a")));
        Assert.Equal(fast, TypedTableWriters.RowsAppended); // an offset or sub-microsecond ticks would hash differently
        Assert.Equal(["5"], DatasetSnapshot.Rows(Path.Combine(_dir, "typed_by_seen.duckdb"), "SELECT count(*) FROM data.accounts_by_seen"));
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

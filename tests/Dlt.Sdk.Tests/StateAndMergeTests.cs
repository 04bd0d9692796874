using DltNet.Extract;
using DltNet.Schema;
using Xunit;

namespace DltNet.Tests;

/// <summary>Incremental cursors, state restore from the destination, and merge atomicity.</summary>
public sealed class StateAndMergeTests
{
    private static List<Dictionary<string, object?>> Events(int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(i => new Dictionary<string, object?> { ["id"] = i, ["updated_at"] = $"2024-01-{i:00}T00:00:00Z" }).ToList();

    [Fact]
    public void StateIsRestoredFromTheDestinationWhenTheWorkingFolderIsGone()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(Dlt.Resource(Events(1, 5), "events", incremental: new Incremental("updated_at")));
        Directory.Delete(t.Pipeline.WorkingDir, recursive: true);
        var fresh = t.Create();
        fresh.Run(Dlt.Resource(Events(1, 8), "events", incremental: new Incremental("updated_at")));
        Assert.Equal(8, t.Count("events"));
        var cursor = fresh.State.ResourceState("test", "events")["incremental"]!["updated_at"]!["last_value"]!.GetValue<string>();
        Assert.StartsWith("2024-01-08", cursor.TrimStart('\uF027'));
        Assert.NotNull(fresh.GetSchema());
    }

    [Fact]
    public void IncrementalHonoursEndValueLastValueFuncAndMissingCursors()
    {
        using var t = new TestPipeline();
        // a backfill window does not touch the stored cursor
        t.Pipeline.Run(Dlt.Resource(Events(1, 9), "events", incremental: new Incremental("id", initialValue: 3, endValue: 6)));
        Assert.Equal(3, t.Count("events"));
        Assert.Null(t.Pipeline.State.ResourceState("test", "events")["incremental"]?["id"]);
        // min: only values below the last one pass on the next run
        t.Pipeline.Run(Dlt.Resource(Events(10, 12), "down", incremental: new Incremental("id", lastValueFunc: "min")));
        t.Pipeline.Run(Dlt.Resource(Events(8, 11), "down", incremental: new Incremental("id", lastValueFunc: "min")));
        Assert.Equal(5, t.Count("down"));
        // items without the cursor: raise by default, exclude on request
        var rows = new List<Dictionary<string, object?>> { new() { ["id"] = 1 }, new() { ["other"] = 2 } };
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(Dlt.Resource(rows, "gaps", incremental: new Incremental("id"))));
        Assert.IsType<IncrementalCursorPathMissing>(e.InnerException);
        Assert.Contains("gaps[1]", e.InnerException!.Message);
        t.Pipeline.Run(Dlt.Resource(rows, "gaps", incremental: new Incremental("id", onCursorValueMissing: "exclude")));
        Assert.Equal(1, t.Count("gaps"));
    }

    [Fact]
    public void LagReloadsAWindowBehindTheLastValue()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(Dlt.Resource(Events(1, 5), "events", writeDisposition: "merge", primaryKey: "id", incremental: new Incremental("id", lag: 2)));
        var info = t.Pipeline.Run(Dlt.Resource(Events(1, 6), "events", writeDisposition: "merge", primaryKey: "id", incremental: new Incremental("id", lag: 2)));
        Assert.Equal(4, info.RowCounts["events"]); // 3, 4, 5 again and the new 6
        Assert.Equal(6, t.Count("events"));
    }

    [Fact]
    public void FailedMergeLeavesEveryTableOfTheChainAsItWas()
    {
        using var t = new TestPipeline();
        List<Dictionary<string, object?>> Orders(string suffix) => Enumerable.Range(1, 4).Select(i => new Dictionary<string, object?>
        {
            ["id"] = i, ["note"] = $"v{suffix}", ["lines"] = Enumerable.Range(0, i).Select(l => new Dictionary<string, object?> { ["sku"] = $"s{l}{suffix}" }).ToArray(),
        }).ToList();
        t.Pipeline.Run(Orders("1"), tableName: "orders", writeDisposition: "merge", primaryKey: "id");
        var before = (t.Query("SELECT id, note FROM test_data.orders ORDER BY id"), t.Query("SELECT sku FROM test_data.orders__lines ORDER BY sku"));
        var statements = 0;
        t.Pipeline.BeforeStatement = sql =>
        {
            // let the deletes run, then fail before the inserts: without one transaction the chain would be half empty
            if (++statements == 4) throw new InvalidOperationException("injected failure between merge statements");
        };
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(Orders("2"), tableName: "orders", writeDisposition: "merge", primaryKey: "id"));
        Assert.Equal("load", e.Step);
        Assert.Contains("injected failure", e.ToString());
        Assert.Equal(before.Item1, t.Query("SELECT id, note FROM test_data.orders ORDER BY id"));
        Assert.Equal(before.Item2, t.Query("SELECT sku FROM test_data.orders__lines ORDER BY sku"));
        t.Pipeline.BeforeStatement = null;
        t.Pipeline.Run(Orders("3"), tableName: "orders", writeDisposition: "merge", primaryKey: "id");
        Assert.Equal(["v3"], t.Query("SELECT DISTINCT note FROM test_data.orders").Select(r => (string)r[0]!));
        Assert.Equal(10, t.Count("orders__lines"));
    }

    [Fact]
    public void DeleteInsertDeduplicatesOnlyWhenAKeyOccursTwiceInTheLoad()
    {
        using var t = new TestPipeline();
        var statements = new List<string>();
        t.Pipeline.BeforeStatement = statements.Add;
        t.Pipeline.Run(Events(1, 4), tableName: "events", writeDisposition: "merge", primaryKey: "id");
        // every key once: the insert copies staging as it is (no window), with the same rows as a deduplicating insert
        Assert.Contains(statements, s => s.StartsWith("INSERT INTO", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, s => s.Contains("_dlt_dedup_rn", StringComparison.Ordinal));
        Assert.Equal(4, t.Count("events"));

        statements.Clear();
        var twice = Events(3, 6);
        twice.Add(new Dictionary<string, object?> { ["id"] = 5, ["updated_at"] = "2024-02-05T00:00:00Z" });
        t.Pipeline.Run(twice, tableName: "events", writeDisposition: "merge", primaryKey: "id");
        Assert.Contains(statements, s => s.StartsWith("INSERT INTO", StringComparison.Ordinal) && s.Contains("_dlt_dedup_rn", StringComparison.Ordinal));
        Assert.Equal(6, t.Count("events"));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], t.Query("SELECT id FROM test_data.events ORDER BY id").Select(r => Convert.ToInt64(r[0])));
    }

    [Fact]
    public void UpsertWithoutPrimaryKeyFailsClearly()
    {
        using var t = new TestPipeline();
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(Events(1, 2), tableName: "events", writeDisposition: WriteDisposition.Upsert));
        Assert.Contains("needs a primary key", e.ToString());
    }

    [Fact]
    public void Scd2RetiresAndReinsertsVersions()
    {
        using var t = new TestPipeline();
        var day1 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var day2 = day1.AddDays(1);
        var day3 = day2.AddDays(1);
        List<Dictionary<string, object?>> Snap(params (int Id, string Name)[] rows) => rows.Select(r => new Dictionary<string, object?> { ["id"] = r.Id, ["name"] = r.Name }).ToList();
        t.Pipeline.Run(Snap((1, "a"), (2, "b")), tableName: "dim", writeDisposition: WriteDisposition.Scd2(boundaryTimestamp: day1));
        t.Pipeline.Run(Snap((1, "a")), tableName: "dim", writeDisposition: WriteDisposition.Scd2(boundaryTimestamp: day2));
        t.Pipeline.Run(Snap((1, "a"), (2, "b")), tableName: "dim", writeDisposition: WriteDisposition.Scd2(boundaryTimestamp: day3));
        var rows = t.Query("SELECT id, name, epoch_us(_dlt_valid_from), epoch_us(_dlt_valid_to) FROM test_data.dim ORDER BY id, _dlt_valid_from");
        long Us(DateTimeOffset d) => d.ToUnixTimeMilliseconds() * 1000;
        Assert.Equal(3, rows.Count);
        Assert.Equal(new object?[] { 1L, "a", Us(day1), null }, rows[0]);
        Assert.Equal(new object?[] { 2L, "b", Us(day1), Us(day2) }, rows[1]);
        Assert.Equal(new object?[] { 2L, "b", Us(day3), null }, rows[2]);
    }
}

/// <summary>Resource state written by the resource itself travels with the load and survives a lost working folder.</summary>
public sealed class ResourceStateTests
{
    private static async IAsyncEnumerable<object?> Pages(ResourceContext ctx, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var next = ctx.State["next_page"]?.GetValue<int>() ?? 1;
        for (var page = next; page < next + 2; page++)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return new Dictionary<string, object?> { ["page"] = page };
        }
        ctx.State["next_page"] = next + 2;
        ctx.SourceState["last_run_pages"] = 2;
    }

    [Fact]
    public void ResourceStatePersistsAcrossRunsAndRestores()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(DltResource.Create("pages", Pages));
        t.Pipeline.Run(DltResource.Create("pages", Pages));
        Assert.Equal([1L, 2L, 3L, 4L], t.Query("SELECT page FROM test_data.pages ORDER BY page").Select(r => (long)r[0]!));
        Directory.Delete(t.Pipeline.WorkingDir, recursive: true);
        var fresh = t.Create();
        fresh.Run(DltResource.Create("pages", Pages));
        Assert.Equal(6, t.Count("pages"));
        Assert.Equal(7, fresh.State.ResourceState("test", "pages")["next_page"]!.GetValue<int>());
        Assert.Equal(2, fresh.State.SourceState("test")["last_run_pages"]!.GetValue<int>());
        Assert.Throws<InvalidOperationException>(() => DltResource.Create("idle", Pages).State);
    }
}

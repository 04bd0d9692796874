using System.Numerics;
using System.Text.Json.Nodes;
using DltNet.Extract;
using DltNet.Schema;
using Xunit;

namespace DltNet.Tests;

/// <summary>Runs against real DuckDB files: value types, bad input, pending packages, LoadInfo, locking.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public void ClrValuesLoadWithDltTypes()
    {
        using var t = new TestPipeline();
        var row = new Dictionary<string, object?>
        {
            ["id"] = 1, ["name"] = "a", ["price"] = 12.50m, ["ratio"] = 0.5f, ["flag"] = true, ["small"] = (short)7,
            ["at"] = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), ["day"] = new DateOnly(2024, 1, 2), ["clock"] = new TimeOnly(10, 30),
            ["uid"] = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), ["blob"] = new byte[] { 1, 2, 3 }, ["huge"] = BigInteger.Parse("123456789012345678901234"),
            ["tags"] = new[] { "x", "y" }, ["meta"] = new Dictionary<string, object?> { ["k"] = 1L },
        };
        t.Pipeline.Run(new[] { row }, tableName: "values");
        var types = t.ColumnTypes("values");
        Assert.Equal("BIGINT", types["id"]);
        Assert.Equal("VARCHAR", types["name"]);
        Assert.Equal("DECIMAL(38,9)", types["price"]);
        Assert.Equal("DOUBLE", types["ratio"]);
        Assert.Equal("BOOLEAN", types["flag"]);
        Assert.Equal("BIGINT", types["small"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["at"]);
        Assert.Equal("DATE", types["day"]);
        Assert.Equal("TIME", types["clock"]);
        Assert.Equal("VARCHAR", types["uid"]);
        Assert.Equal("BLOB", types["blob"]);
        Assert.Equal("DECIMAL(38,0)", types["huge"]);
        Assert.Equal("BIGINT", types["meta__k"]);
        Assert.Equal(2, t.Count("values__tags"));
        var values = t.Query("SELECT CAST(price AS VARCHAR), ratio, epoch_us(\"at\"), CAST(day AS VARCHAR), CAST(clock AS VARCHAR), uid, to_base64(blob), CAST(huge AS VARCHAR) FROM test_data.\"values\"")[0];
        Assert.Equal("12.500000000", values[0]);
        Assert.Equal(0.5, values[1]);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000, values[2]);
        Assert.Equal("2024-01-02", values[3]);
        Assert.Equal("10:30:00", values[4]);
        Assert.Equal("6f9619ff-8b86-d011-b42d-00cf4fc964ff", values[5]);
        Assert.Equal("AQID", values[6]);
        Assert.Equal("123456789012345678901234", values[7]);
    }

    [Fact]
    public void PlainObjectsUseTheReflectionFallback()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(new[] { new Person("Ada", new Address("London")), new Person("Linus", new Address("Helsinki")) }, tableName: "people");
        Assert.Equal(2, t.Count("people"));
        Assert.Equal("VARCHAR", t.ColumnTypes("people")["home__city"]);
    }

    private sealed record Address(string City);
    private sealed record Person(string Name, Address Home);

    [Fact]
    public void DataWithoutATableNameFailsWithAHint()
    {
        using var t = new TestPipeline();
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(new[] { new Dictionary<string, object?> { ["a"] = 1 } }));
        Assert.Equal("extract", e.Step);
        Assert.Contains("tableName", e.InnerException!.Message);
    }

    [Fact]
    public void TableNameThatNormalizesToNothingIsRejected()
    {
        using var t = new TestPipeline();
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(new[] { new Dictionary<string, object?> { ["a"] = 1 } }, tableName: "   "));
        Assert.Equal("extract", e.Step);
        Assert.Contains("empty after normalization", e.InnerException!.Message);
    }

    [Fact]
    public void UnsupportedValueNamesItsPosition()
    {
        using var t = new TestPipeline();
        var bad = new Dictionary<string, object?> { ["id"] = 1, ["callback"] = new Action(() => { }) };
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(new[] { bad }, tableName: "things"));
        Assert.Equal("extract", e.Step);
        Assert.Contains("things[0].callback", e.InnerException!.Message);
        Assert.Contains("System.Action", e.InnerException.Message);
        Assert.False(File.Exists(t.DatabasePath) && t.TableExists("things"));
    }

    [Fact]
    public void MalformedJsonLinesNameFileAndLine()
    {
        using var t = new TestPipeline();
        var file = Path.Combine(t.Root, "events.jsonl");
        File.WriteAllLines(file, ["{\"id\": 1}", "{\"id\": 2,, }"]);
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(DltResource.FromJsonLines(file, "events")));
        Assert.Equal("extract", e.Step);
        Assert.Contains("line 2", e.InnerException!.Message);
        Assert.Contains("events.jsonl", e.InnerException.Message);
        Assert.False(File.Exists(t.DatabasePath) && t.TableExists("events"));
    }

    [Fact]
    public void NullInNonNullableColumnLeavesDestinationAsItWas()
    {
        using var t = new TestPipeline();
        ColumnSchema[] columns = [new ColumnSchema("name", DltDataType.Text) { Nullable = false }];
        t.Pipeline.Run(new[] { new Dictionary<string, object?> { ["id"] = 1, ["name"] = "a" } }, tableName: "people", columns: columns);
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(
            new[] { new Dictionary<string, object?> { ["id"] = 2, ["name"] = "b" }, new Dictionary<string, object?> { ["id"] = 3, ["name"] = null } },
            tableName: "people", columns: columns));
        Assert.Equal("normalize", e.Step);
        var inner = Assert.IsType<CannotCoerceNullException>(e.InnerException);
        Assert.Equal("people", inner.TableName);
        Assert.Equal("name", inner.ColumnName);
        Assert.Contains("people[1]", inner.Message);
        Assert.Equal(1, t.Count("people"));
        Assert.True(e.HasPendingData);
        t.Pipeline.DropPendingPackages();
        Assert.False(t.Pipeline.HasPendingData);
    }

    [Theory]
    [InlineData(50, 37)]       // fewer items than one chunk of the extract's item pipe: normalized on the iterator's thread
    [InlineData(5_000, 3_333)] // many chunks: normalized on a second thread while the iterator runs
    public void AnItemRejectedWhileNormalizingAtExtractIsReportedAtItsPosition(int count, int bad)
    {
        using var t = new TestPipeline();
        t.Pipeline.MaxRowsPerFile = 700; // files are written (in the background) before and after the bad item
        ColumnSchema[] columns = [new ColumnSchema("name", DltDataType.Text) { Nullable = false }];
        var items = Enumerable.Range(0, count).Select(i => new Dictionary<string, object?> { ["id"] = i, ["name"] = i == bad ? null : "n" + i }).ToList();
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(items, tableName: "people", columns: columns));
        Assert.Equal("normalize", e.Step);
        var inner = Assert.IsType<CannotCoerceNullException>(e.InnerException);
        Assert.Contains($"people[{bad}]", inner.Message);
        Assert.False(t.TableExists("people") && t.Count("people") > 0);
        // the items after the bad one went through typed JSON in order: fixing the data loads every item once
        t.Pipeline.DropPendingPackages();
        items[bad]["name"] = "fixed";
        t.Pipeline.Run(items, tableName: "people", columns: columns);
        Assert.Equal(count, t.Count("people"));
        Assert.Equal((long)count, Convert.ToInt64(t.Query("SELECT count(DISTINCT id) FROM test_data.people")[0][0]));
    }

    [Fact]
    public void DuckDbStoresRowIdsUncompressedAndEverythingElseAsItChooses()
    {
        // random row ids: DuckDB's compression analysis costs more at insert than it saves (see DuckDbDialect.ColumnOptions)
        using var t = new TestPipeline();
        t.Pipeline.Run(Enumerable.Range(0, 5_000).Select(i => new Dictionary<string, object?> { ["id"] = i, ["name"] = "same" }).ToList(), tableName: "things");
        var compression = t.Query("SELECT column_name, list(DISTINCT compression) FROM pragma_storage_info('test_data.things') WHERE segment_type <> 'VALIDITY' GROUP BY 1")
            .ToDictionary(r => (string)r[0]!, r => string.Join(",", ((System.Collections.IEnumerable)r[1]!).Cast<object>()));
        Assert.Equal("Uncompressed", compression["_dlt_id"]);
        Assert.NotEqual("Uncompressed", compression["name"]); // a constant column still compresses
        Assert.Equal(["VARCHAR"], t.Query("SELECT data_type FROM information_schema.columns WHERE table_name = 'things' AND column_name = '_dlt_id'").Select(r => (string)r[0]!));
    }

    [Fact]
    public void PendingPackagesAreFinishedBeforeNewData()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(new[] { new Dictionary<string, object?> { ["id"] = 0 } }, tableName: "numbers");
        var pendingId = t.Pipeline.Extract(new[] { new Dictionary<string, object?> { ["id"] = 1 } }, tableName: "numbers");
        Assert.True(t.Pipeline.HasPendingData);
        var info = t.Create().Run(new[] { new Dictionary<string, object?> { ["id"] = 2 } }, tableName: "numbers");
        Assert.Equal(2, info.LoadsIds.Count);
        Assert.Equal(pendingId, info.LoadsIds[0]);
        Assert.Equal(3, t.Count("numbers"));
        Assert.False(t.Pipeline.HasPendingData);
    }

    [Fact]
    public void LoadInfoPrintsDltLayout()
    {
        using var t = new TestPipeline();
        var info = t.Pipeline.Run(new[] { new Dictionary<string, object?> { ["id"] = 1 } }, tableName: "numbers");
        var lines = info.ToString().Split('\n');
        Assert.Matches(@"^Pipeline test_pipeline load step completed in [\d.]+ seconds$", lines[0]);
        Assert.Equal("1 load package(s) were loaded to destination duckdb and into dataset test_data", lines[1]);
        Assert.Equal($"The duckdb destination used duckdb:///{t.DatabasePath} location to store data", lines[2]);
        Assert.Equal($"Load package {info.LoadsIds[0]} is LOADED and contains no failed jobs", lines[3]);
        var json = info.ToJson();
        Assert.Equal("dlt.destinations.duckdb", json["destination_type"]!.GetValue<string>());
        Assert.Equal(info.LoadsIds[0], json["loads_ids"]![0]!.GetValue<string>());
        Assert.Contains(json["load_packages"]![0]!["jobs"]!.AsArray(), j => j!["table_name"]!.GetValue<string>() == "numbers");
        Assert.Equal(1, info.RowCounts["numbers"]);
        Assert.False(info.HasFailedJobs);
    }

    [Fact]
    public void FailedJobsCanBeReportedInsteadOfRaised()
    {
        using var t = new TestPipeline();
        t.Pipeline.RaiseOnFailedJobs = false;
        var info = t.Pipeline.Run(new[] { new Dictionary<string, object?> { ["id"] = 1 } }, tableName: "skipped", writeDisposition: "skip");
        Assert.True(info.HasFailedJobs);
        var failed = Assert.Single(info.LoadPackages[0].FailedJobs);
        Assert.Equal("skipped", failed.TableName);
        Assert.Contains("skip", failed.FailedMessage);
        var e = Assert.Throws<DestinationHasFailedJobs>(info.RaiseOnFailedJobs);
        Assert.Single(e.FailedJobs);
        Assert.False(t.TableExists("skipped"));
        Assert.Equal(1, t.Count("_dlt_loads"));
    }

    [Fact]
    public void SecondRunnerOfTheSamePipelineIsLockedOut()
    {
        using var t = new TestPipeline();
        using var held = PipelineLock.Acquire(t.Name, t.Pipeline.WorkingDir);
        var e = Assert.Throws<PipelineLockedException>(() => t.Create().Run(new[] { 1, 2 }, tableName: "numbers"));
        Assert.Contains($"pid {Environment.ProcessId}", e.Message);
    }

    [Fact]
    public void JsonNodesAndScalarsLoad()
    {
        using var t = new TestPipeline();
        var json = JsonNode.Parse("""[{"id": 1, "score": 3.0, "tags": ["a"]}, {"id": 2, "score": 4.5, "tags": []}]""")!;
        t.Pipeline.Run(json, tableName: "scores");
        Assert.Equal("DOUBLE", t.ColumnTypes("scores")["score"]);
        Assert.Equal(1, t.Count("scores__tags"));
        t.Pipeline.Run(new[] { 1, 2, 3 }, tableName: "numbers");
        Assert.Equal(3, t.Count("numbers"));
    }

    [Fact]
    public async Task AsyncStreamsLoadAndHonourCancellation()
    {
        using var t = new TestPipeline();
        await t.Pipeline.RunAsync(Numbers(5), tableName: "numbers");
        Assert.Equal(5, t.Count("numbers"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.Pipeline.RunAsync(Numbers(5), tableName: "numbers", cancellationToken: cts.Token));
        Assert.Equal(5, t.Count("numbers"));
    }

    private static async IAsyncEnumerable<Dictionary<string, object?>> Numbers(int n)
    {
        for (var i = 0; i < n; i++)
        {
            await Task.Yield();
            yield return new Dictionary<string, object?> { ["n"] = i };
        }
    }
}

/// <summary>Containers built by callers may hold any supported value, at any depth.</summary>
public sealed class MixedContainerTests
{
    [Fact]
    public void ListsOfDictionariesInsideObjectListsLoad()
    {
        using var t = new TestPipeline();
        var row = new Dictionary<string, object?>
        {
            ["id"] = 1,
            ["items"] = new List<object?> { new Dictionary<string, object?> { ["sku"] = "a" }, new Dictionary<string, object?> { ["sku"] = "b" } },
            ["meta"] = new DltNet.Normalize.DltObject { { "tags", new List<object?> { new Dictionary<string, object?> { ["k"] = 1 } } } },
        };
        t.Pipeline.Run(new[] { row }, tableName: "orders");
        Assert.Equal(2, t.Count("orders__items"));
        Assert.Equal(1, t.Count("orders__meta__tags"));
        t.Pipeline.Run(Dlt.Resource(new[] { row }, "orders_inc", incremental: new DltNet.Extract.Incremental("id")));
        Assert.Equal(2, t.Count("orders_inc__items"));
    }
}

/// <summary>In-memory and caller-owned DuckDB databases.</summary>
public sealed class DuckDbConnectionTests
{
    [Fact]
    public void InMemoryDatabaseKeepsItsDataAcrossRuns()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dlt-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var destination = new DltNet.Destinations.DuckDb.DuckDbDestination(":memory:");
            var pipeline = Dlt.Pipeline("memory", destination, "mem", dir);
            pipeline.Run(new[] { 1, 2 }, tableName: "numbers");
            pipeline.Run(new[] { 3 }, tableName: "numbers");
            using var cmd = destination.MemoryConnection!.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM mem.numbers";
            Assert.Equal(3L, Convert.ToInt64(cmd.ExecuteScalar()));
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    [Fact]
    public void CallerOwnedConnectionStaysOpen()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dlt-tests", Guid.NewGuid().ToString("N"));
        using var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        connection.Open();
        try
        {
            var pipeline = Dlt.Pipeline("shared", new DltNet.Destinations.DuckDb.DuckDbDestination(connection), "shared_data", dir);
            var info = pipeline.Run(new[] { new Dictionary<string, object?> { ["a"] = 1 } }, tableName: "t");
            Assert.Equal("duckdb:///:external:", info.DestinationDisplayableCredentials);
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM shared_data.t";
            Assert.Equal(1L, Convert.ToInt64(cmd.ExecuteScalar()));
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}

/// <summary>A dataset may carry the database file's name.</summary>
public sealed class DatasetNamedLikeDatabaseTests
{
    [Fact]
    public void DatasetWithTheDatabaseNameLoadsAndMerges()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dlt-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var pipeline = Dlt.Pipeline("shop", new DltNet.Destinations.DuckDb.DuckDbDestination(Path.Combine(dir, "shop.duckdb")), "shop", dir);
            var rows = new[] { new Dictionary<string, object?> { ["id"] = 1, ["lines"] = new[] { 1, 2 } } };
            pipeline.Run(rows, tableName: "orders", writeDisposition: "merge", primaryKey: "id");
            pipeline.Run(rows, tableName: "orders", writeDisposition: "merge", primaryKey: "id");
            using var conn = new DuckDB.NET.Data.DuckDBConnection($"Data Source={Path.Combine(dir, "shop.duckdb")}");
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT (SELECT count(*) FROM shop.shop.orders), (SELECT count(*) FROM shop.shop.orders__lines)";
            using var r = cmd.ExecuteReader();
            r.Read();
            Assert.Equal((1L, 2L), (r.GetInt64(0), r.GetInt64(1)));
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}

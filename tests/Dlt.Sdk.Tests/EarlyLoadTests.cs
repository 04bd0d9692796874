using DltNet.Attributes;
using Xunit;

namespace DltNet.Tests;

/// <summary>A typed append row: its job files take the early load.</summary>
public sealed record Reading(long Id, string Sensor, double Value);

public static partial class EarlyLoadResources
{
    [DltResource("readings")]
    public static IEnumerable<Reading> Readings(int count, int failAt = -1)
    {
        for (var i = 0; i < count; i++)
        {
            if (i == failAt) throw new InvalidOperationException($"the source failed at row {i}");
            yield return new Reading(i, "s" + (i % 3), i * 0.5);
        }
    }

    [DltResource("latest", WriteDisposition = DltNet.Schema.WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(Reading.Id) })]
    public static IEnumerable<Reading> Latest(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new Reading(i, "v" + from, i * 0.25));
}

/// <summary>
/// Early load: Run copies finished job files of append tables (and of merge tables into staging) while extract still
/// runs, inside the package's transaction, which commits only when the package is complete.
/// </summary>
public sealed class EarlyLoadTests
{
    [Fact]
    public void TypedAppendFilesAreCopiedBeforeExtractEnds()
    {
        using var t = new TestPipeline();
        t.Pipeline.MaxRowsPerFile = 100;
        var info = t.Pipeline.Run(EarlyLoadResources.ReadingsResource(1_000));
        Assert.Equal(1_000, t.Count("readings"));
        Assert.Equal(1_000L, Convert.ToInt64(t.Query("SELECT count(DISTINCT id) FROM test_data.readings")[0][0]));
        Assert.Single(t.Query("SELECT * FROM test_data._dlt_loads"));
        var extractEnd = t.Pipeline.LastTrace!["extract"]!.FinishedAt;
        var readingJobs = info.LoadPackages.Single().Jobs.Where(j => Path.GetFileName(j.FilePath).StartsWith("readings.", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, readingJobs.Count);
        Assert.All(readingJobs, j => Assert.Equal("completed_jobs", j.State));
        // the first files were copied while later rows were still being extracted
        Assert.True(readingJobs.Min(j => j.CreatedAt) < extractEnd, "no job file was copied during extract");
    }

    [Fact]
    public void DuckDbJobFilesHoldOneRowGroupSoTablesAreMadeOfWholeRowGroups()
    {
        using var t = new TestPipeline();
        Assert.Null(t.Pipeline.MaxRowsPerFile);
        var info = t.Pipeline.Run(EarlyLoadResources.ReadingsResource(250_000));
        var jobs = info.LoadPackages.Single().Jobs.Count(j => Path.GetFileName(j.FilePath).StartsWith("readings.", StringComparison.Ordinal));
        Assert.Equal(3, jobs);
        // 122,880 + 122,880 + 4,240: DuckDB stores each file's rows in one row group of its own (200,000-row files left a partial group each)
        var groups = t.Query("SELECT row_group_id, max(count) FROM pragma_storage_info('test_data.readings') WHERE column_name = 'id' GROUP BY ALL ORDER BY 1");
        Assert.Equal([122_880L, 122_880L, 4_240L], groups.Select(g => Convert.ToInt64(g[1])));
        // a pipeline's own setting still wins
        using var small = new TestPipeline();
        small.Pipeline.MaxRowsPerFile = 50_000;
        Assert.Equal(5, small.Pipeline.Run(EarlyLoadResources.ReadingsResource(250_000)).LoadPackages.Single().Jobs.Count(j => Path.GetFileName(j.FilePath).StartsWith("readings.", StringComparison.Ordinal)));
    }

    [Fact]
    public void EarlyLoadGivesTheSameTablesAsTheStepByStepLoad()
    {
        using var early = new TestPipeline();
        early.Pipeline.MaxRowsPerFile = 70;
        early.Pipeline.Run(EarlyLoadResources.ReadingsResource(500));
        using var plain = new TestPipeline();
        plain.Pipeline.MaxRowsPerFile = 70;
        plain.Pipeline.LoadWhileExtracting = false;
        plain.Pipeline.Run(EarlyLoadResources.ReadingsResource(500));
        Assert.Equal(plain.ColumnTypes("readings"), early.ColumnTypes("readings"));
        const string rows = "SELECT * EXCLUDE (_dlt_id, _dlt_load_id) FROM test_data.readings ORDER BY id";
        Assert.Equal(plain.Query(rows), early.Query(rows));
    }

    [Fact]
    public void AFailedExtractRollsBackTheEarlyCopies()
    {
        using var t = new TestPipeline();
        t.Pipeline.MaxRowsPerFile = 50;
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(EarlyLoadResources.ReadingsResource(1_000, failAt: 600)));
        Assert.Equal("extract", e.Step);
        Assert.Contains("the source failed at row 600", e.ToString());
        // files of the first 600 rows were copied early, in a transaction that was rolled back: nothing is visible
        Assert.False(t.TableExists("readings") && t.Count("readings") > 0);
        Assert.False(t.Pipeline.HasPendingData);

        t.Pipeline.Run(EarlyLoadResources.ReadingsResource(1_000));
        Assert.Equal(1_000, t.Count("readings"));
    }

    [Fact]
    public void APackageThatNoLongerFitsTheEarlyCopiesLoadsTheUsualWay()
    {
        using var t = new TestPipeline();
        t.Pipeline.MaxRowsPerFile = 100;
        // the dictionaries add a column to the typed table in normalize, after its first files were copied early
        var extra = DltNet.Extract.DltResource.FromData(
            Enumerable.Range(0, 5).Select(i => new Dictionary<string, object?> { ["id"] = 10_000L + i, ["sensor"] = "x", ["value"] = 1.0, ["note"] = "added" }).ToList(),
            "extra");
        extra.ApplyHints(tableName: "readings");
        t.Pipeline.Run(Dlt.Source("mixed", EarlyLoadResources.ReadingsResource(500), extra));
        Assert.Equal(505, t.Count("readings"));
        Assert.Equal(5L, Convert.ToInt64(t.Query("SELECT count(*) FROM test_data.readings WHERE note = 'added'")[0][0]));
        Assert.Single(t.Query("SELECT * FROM test_data._dlt_loads"));
    }

    [Fact]
    public void TypedMergeFilesAreCopiedIntoStagingWhileExtractRunsAndMergeAsBefore()
    {
        using var early = new TestPipeline();
        early.Pipeline.MaxRowsPerFile = 100;
        using var plain = new TestPipeline();
        plain.Pipeline.MaxRowsPerFile = 100;
        plain.Pipeline.LoadWhileExtracting = false;
        foreach (var t in new[] { early, plain })
        {
            t.Pipeline.Run(EarlyLoadResources.LatestResource(0, 600));
            t.Pipeline.Run(EarlyLoadResources.LatestResource(400, 500));
        }
        var info = early.Pipeline.Run(EarlyLoadResources.LatestResource(800, 450));
        plain.Pipeline.Run(EarlyLoadResources.LatestResource(800, 450));
        var extractEnd = early.Pipeline.LastTrace!["extract"]!.FinishedAt;
        var jobs = info.LoadPackages.Single().Jobs.Where(j => Path.GetFileName(j.FilePath).StartsWith("latest.", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, jobs.Count);
        Assert.True(jobs.Min(j => j.CreatedAt) < extractEnd, "no merge job file was copied during extract");

        const string rows = "SELECT id, sensor, value FROM test_data.latest ORDER BY id";
        Assert.Equal(1_250, early.Count("latest"));
        Assert.Equal(plain.Query(rows), early.Query(rows));
        Assert.Equal(["v0", "v400", "v800"], early.Query("SELECT DISTINCT sensor FROM test_data.latest ORDER BY 1").Select(r => (string)r[0]!));
        // staging holds the last load's rows only, as after the usual load (dlt keeps them until the next load of the table)
        Assert.Equal(450L, Convert.ToInt64(early.Query("SELECT count(*) FROM test_data_staging.latest")[0][0]));
        Assert.Equal(plain.Query("SELECT id FROM test_data_staging.latest ORDER BY id"), early.Query("SELECT id FROM test_data_staging.latest ORDER BY id"));
    }

    [Fact]
    public void DynamicMergeWithNestedListsEqualsTheStepByStepLoad()
    {
        static List<Dictionary<string, object?>> Orders(int from, int count, string version) => Enumerable.Range(from, count).Select(i => new Dictionary<string, object?>
        {
            ["id"] = i, ["note"] = version, ["lines"] = Enumerable.Range(0, i % 4).Select(l => new Dictionary<string, object?> { ["sku"] = $"{version}-{i}-{l}" }).ToArray(),
        }).ToList();
        using var early = new TestPipeline();
        using var plain = new TestPipeline();
        plain.Pipeline.LoadWhileExtracting = false;
        foreach (var t in new[] { early, plain })
        {
            t.Pipeline.MaxRowsPerFile = 60;
            t.Pipeline.Run(Orders(0, 300, "a"), tableName: "orders", writeDisposition: "merge", primaryKey: "id");
            t.Pipeline.Run(Orders(200, 300, "b"), tableName: "orders", writeDisposition: "merge", primaryKey: "id");
        }
        Assert.Equal(500, early.Count("orders"));
        Assert.Equal(plain.Query("SELECT id, note FROM test_data.orders ORDER BY id"), early.Query("SELECT id, note FROM test_data.orders ORDER BY id"));
        const string lines = "SELECT o.id, l.sku FROM test_data.orders o JOIN test_data.orders__lines l ON l._dlt_root_id = o._dlt_id ORDER BY 1, 2";
        Assert.Equal(plain.Query(lines), early.Query(lines));
        Assert.Equal(plain.Count("orders__lines"), early.Count("orders__lines"));
    }
}

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
}

/// <summary>
/// Early load: Run copies finished job files of typed append tables while extract still runs, inside the package's
/// transaction, which commits only when the package is complete.
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
}

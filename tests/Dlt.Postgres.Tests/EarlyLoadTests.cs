using DltNet.Attributes;
using Xunit;
using Xunit.Abstractions;

namespace DltNet.Postgres.Tests;

/// <summary>A typed append row with a nested list: its job files take the early load, copied from memory with binary COPY.</summary>
public sealed record Shipment(long Id, string Carrier, double Weight, DateTimeOffset ShippedAt, bool Insured, List<Parcel> Parcels);

public sealed record Parcel(long Seq, string Label);

public static partial class PgEarlyResources
{
    [DltResource("shipments")]
    public static IEnumerable<Shipment> Shipments(int count, int failAt = -1)
    {
        var start = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            if (i == failAt) throw new InvalidOperationException($"the source failed at row {i}");
            yield return new Shipment(i, i % 3 == 0 ? "dhl" : "ups", i * 1.5, start.AddMinutes(i), i % 2 == 0,
                [new Parcel(0, $"p{i}a"), new Parcel(1, $"p{i}b")]);
        }
    }
}

/// <summary>
/// Early load on PostgreSQL: typed job files are copied from the columns they were written from, inside the package's
/// transaction, while extract runs; the result equals a step-by-step load, and a failed extract leaves nothing behind.
/// </summary>
public sealed class EarlyLoadTests(ITestOutputHelper output)
{
    private static string Rows(PgScratch pg) => string.Join("\n", pg.Rows(
        $"SELECT s.id, s.carrier, s.weight, s.shipped_at, s.insured, p.seq, p.label, p._dlt_list_idx, length(s._dlt_id), length(p._dlt_id) " +
        $"FROM {pg.T("shipments")} s JOIN {pg.T("shipments__parcels")} p ON p._dlt_parent_id = s._dlt_id ORDER BY s.id, p.seq"));

    [Fact]
    public void TypedAppendRowsCopiedFromMemoryEqualTheStepByStepLoad()
    {
        using var early = PgScratch.Create(output);
        if (early is null) return;
        var p = early.Pipeline("pg_early");
        p.MaxRowsPerFile = 64;
        var info = p.Run(PgEarlyResources.ShipmentsResource(500));
        // the copies happened during extract (a fallback to the usual load would start after it)
        var jobs = info.LoadPackages.Single().Jobs.Where(j => Path.GetFileName(j.FilePath).StartsWith("shipments", StringComparison.Ordinal)).ToList();
        Assert.True(jobs.Count >= 16, $"{jobs.Count} job files");
        Assert.True(jobs.Min(j => j.CreatedAt) < p.LastTrace!["extract"]!.FinishedAt, "no job was copied while extract ran");
        Assert.Equal(500, early.Count(early.T("shipments")));
        Assert.Equal(1000, early.Count(early.T("shipments__parcels")));
        Assert.Equal(500, long.Parse(early.Rows($"SELECT count(DISTINCT _dlt_id) FROM {early.T("shipments")}")[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(early.Rows($"SELECT load_id FROM {early.T("_dlt_loads")}"));

        using var plain = PgScratch.Create(output)!;
        var q = plain.Pipeline("pg_plain");
        q.MaxRowsPerFile = 64;
        q.LoadWhileExtracting = false;
        q.Run(PgEarlyResources.ShipmentsResource(500));
        Assert.Equal(Rows(plain), Rows(early));
    }

    [Fact]
    public void AFailedExtractLeavesNoRows()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_early_fail");
        p.MaxRowsPerFile = 50;
        var e = Assert.Throws<PipelineStepFailedException>(() => p.Run(PgEarlyResources.ShipmentsResource(400, failAt: 300)));
        Assert.Equal("extract", e.Step);
        Assert.Empty(pg.Rows($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{pg.Dataset}' AND table_name = 'shipments'"));
        p.Run(PgEarlyResources.ShipmentsResource(400));
        Assert.Equal(400, pg.Count(pg.T("shipments")));
        Assert.Equal(800, pg.Count(pg.T("shipments__parcels")));
    }
}

using DltNet.Attributes;
using DltNet.Schema;

namespace CrashHarness;

/// <summary>
/// A typed row: the snapshot resource goes through the generated columnar writer (Parquet written at extract). It replaces,
/// so its files wait for the usual load: 100 rows at step 2 are the three job files that `load.after_job:3` needs.
/// </summary>
public sealed record SnapshotRow(long N, long Step);

/// <summary>A typed append row: its job files are copied into the destination while extract still runs (early load).</summary>
public sealed record ReadingRow(long Id, long Step, string Sensor);

public static partial class HarnessResources
{
    [DltResource("readings")]
    public static IEnumerable<ReadingRow> Readings(int step) => Enumerable.Range(1, 100).Select(i => new ReadingRow(step * 1000 + i, step, $"s{i % 7}"));

    [DltResource("snapshot", WriteDisposition = WriteDispositionKind.Replace)]
    public static IEnumerable<SnapshotRow> Snapshot(int step) => Enumerable.Range(1, step * 50).Select(i => new SnapshotRow(i, step));
}

using DltNet.Attributes;
using DltNet.Schema;

namespace CrashHarness;

/// <summary>A typed row: the snapshot resource goes through the generated columnar writer (Parquet written at extract).</summary>
public sealed record SnapshotRow(long N, long Step);

public static partial class HarnessResources
{
    [DltResource("snapshot", WriteDisposition = WriteDispositionKind.Replace)]
    public static IEnumerable<SnapshotRow> Snapshot(int step) => Enumerable.Range(1, step * 5).Select(i => new SnapshotRow(i, step));
}

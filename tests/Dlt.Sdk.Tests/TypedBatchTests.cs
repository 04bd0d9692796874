using DltNet.Extract.Typed;
using DltNet.Normalize;
using DltNet.Schema;
using DuckDB.NET.Data;
using Xunit;

namespace DltNet.Tests;

/// <summary>
/// The typed fast path's column buffers keep text and row ids as bytes: a row rolled back half-way (it goes the dynamic
/// path) must leave no bytes behind, long and non-ASCII text must survive the buffers' growth, and the ids of leaf
/// nested rows, hashed four at a time when the file is written, must equal dlt's ids computed one by one.
/// </summary>
public sealed class TypedBatchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dlt-typed-batch-" + Guid.NewGuid().ToString("N"));

    public TypedBatchTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RolledBackRowsLeaveNoTextAndNestedIdsAreDlts()
    {
        var root = new TypedBatchTable("orders", "1700000000.1", isRoot: true, storeRootId: true,
            [("name", DltDataType.Text, false), ("note", DltDataType.Text, true), ("n", DltDataType.Bigint, true)], _dir, maxRows: 1_000);
        var lines = new TypedBatchTable("orders__lines", "1700000000.1", isRoot: false, storeRootId: true,
            [("sku", DltDataType.Text, true)], _dir, maxRows: 1_000);
        var batch = new TypedBatch([root, lines]);
        var expected = new List<(string Name, string? Note, long? N, string Id)>();
        var expectedLines = new List<(string Sku, string Parent, string Root, long Index, string Id)>();
        for (var i = 0; i < 3_000; i++)
        {
            batch.Mark();
            var id = root.BeginRoot();
            var name = i % 10 == 0 ? new string('x', 3_000 + i) : $"näme_{i}_😀";
            root.Text(0, name);
            root.Text(1, i % 3 == 0 ? null : "note " + i);
            var lineCount = i % 4;
            for (var l = 0; l < lineCount; l++)
            {
                lines.BeginChildRow(id, id, l);
                lines.Text(0, $"sku_{i}_{l}");
            }
            if (i % 7 == 5)
            {
                // a null in the not-null column half-way through the row: the row leaves the batch
                Assert.Throws<TypedRowRejectedException>(() => root.Text(0, null));
                batch.Rollback();
                continue;
            }
            root.Int64(2, i);
            expected.Add((name, i % 3 == 0 ? null : "note " + i, i, id));
            for (var l = 0; l < lineCount; l++) expectedLines.Add(($"sku_{i}_{l}", id, id, l, RowIds.Child(id, "orders__lines", l)));
            // as extract does between items: full tables are written in the background, their buffers reused
            batch.FlushFull();
        }
        Assert.NotEmpty(expected);
        var files = batch.Complete();
        var orderFiles = files.Where(f => Path.GetFileName(f).StartsWith("orders.", StringComparison.Ordinal)).ToList();
        var lineFiles = files.Where(f => Path.GetFileName(f).StartsWith("orders__lines.", StringComparison.Ordinal)).ToList();
        Assert.True(orderFiles.Count >= 3 && lineFiles.Count >= 3, "several files per table, so spare buffers are reused");

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var orders = orderFiles.SelectMany(f => Query(connection, $"SELECT name, note, n, _dlt_id, _dlt_load_id FROM read_parquet('{f}')"));
        Assert.Equal(expected.Select(e => $"{e.Name}|{e.Note}|{e.N}|{e.Id}|1700000000.1"), orders);
        var children = lineFiles.SelectMany(f => Query(connection, $"SELECT sku, _dlt_parent_id, _dlt_root_id, _dlt_list_idx, _dlt_id FROM read_parquet('{f}')"));
        Assert.Equal(expectedLines.Select(e => $"{e.Sku}|{e.Parent}|{e.Root}|{e.Index}|{e.Id}"), children);
    }

    private static List<string> Query(DuckDBConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(c => reader.IsDBNull(c) ? "" : Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }
}

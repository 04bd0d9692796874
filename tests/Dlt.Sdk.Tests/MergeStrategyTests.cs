using DltNet.Schema;
using Xunit;

namespace DltNet.Tests;

/// <summary>Each merge strategy with nested data (child tables follow their parents), and switching dispositions.</summary>
public sealed class MergeStrategyTests
{
    private static Dictionary<string, object?> Order(int id, string note, params string[] skus) => new()
    {
        ["id"] = id, ["note"] = note, ["lines"] = skus.Select(s => new Dictionary<string, object?> { ["sku"] = s }).ToArray(),
    };

    private static List<string> Lines(TestPipeline t) =>
        t.Query("SELECT p.id || ':' || c.sku FROM test_data.orders__lines c JOIN test_data.orders p ON c._dlt_root_id = p._dlt_id ORDER BY 1")
            .Select(r => (string)r[0]!).ToList();

    [Fact]
    public void DeleteInsertReplacesChildRowsOfMergedParentsOnly()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(new[] { Order(1, "a", "x", "y"), Order(2, "b", "z") }, tableName: "orders", writeDisposition: "merge", primaryKey: "id");
        t.Pipeline.Run(new[] { Order(1, "a2", "w"), Order(1, "a3", "v"), Order(3, "c") }, tableName: "orders", writeDisposition: "merge", primaryKey: "id");
        Assert.Equal(3, t.Count("orders"));
        var lines = Lines(t);
        Assert.Equal(2, lines.Count); // 1 keeps the surviving duplicate's single line, 2 keeps z, 3 has none
        Assert.Contains("2:z", lines);
        Assert.True(lines.Contains("1:w") ^ lines.Contains("1:v"));
    }

    [Fact]
    public void UpsertUpdatesInPlaceAndRemovesVanishedListElements()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(new[] { Order(1, "a", "x", "y"), Order(2, "b", "z") }, tableName: "orders", writeDisposition: WriteDisposition.Upsert, primaryKey: "id");
        var idBefore = t.Query("SELECT _dlt_id FROM test_data.orders WHERE id = 1")[0][0];
        t.Pipeline.Run(new[] { Order(1, "a2", "x") }, tableName: "orders", writeDisposition: WriteDisposition.Upsert, primaryKey: "id");
        Assert.Equal(["a2", "b"], t.Query("SELECT note FROM test_data.orders ORDER BY id").Select(r => (string)r[0]!));
        Assert.Equal(idBefore, t.Query("SELECT _dlt_id FROM test_data.orders WHERE id = 1")[0][0]); // key hash: stable row ids
        Assert.Equal(["1:x", "2:z"], Lines(t));
    }

    [Fact]
    public void InsertOnlyKeepsExistingKeys()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(new[] { Order(1, "a", "x") }, tableName: "orders", writeDisposition: MergeStrategy.InsertOnly, primaryKey: "id");
        t.Pipeline.Run(new[] { Order(1, "changed", "y"), Order(2, "b", "z") }, tableName: "orders", writeDisposition: MergeStrategy.InsertOnly, primaryKey: "id");
        Assert.Equal(["a", "b"], t.Query("SELECT note FROM test_data.orders ORDER BY id").Select(r => (string)r[0]!));
        Assert.Equal(["1:x", "2:z"], Lines(t));
    }

    [Fact]
    public void Scd2WithNaturalMergeKeyRetiresOnlyMentionedRecordsAndKeepsChildHistory()
    {
        using var t = new TestPipeline();
        var day1 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var day2 = day1.AddDays(1);
        t.Pipeline.Run(new[] { Order(1, "a", "x"), Order(2, "b", "y") }, tableName: "orders",
            writeDisposition: WriteDisposition.Scd2(boundaryTimestamp: day1), mergeKey: "id");
        // an incremental snapshot that only mentions order 1: order 2 stays active
        t.Pipeline.Run(new[] { Order(1, "a2", "x2") }, tableName: "orders", writeDisposition: WriteDisposition.Scd2(boundaryTimestamp: day2), mergeKey: "id");
        var rows = t.Query("SELECT id, note, _dlt_valid_to IS NULL FROM test_data.orders ORDER BY id, _dlt_valid_from");
        Assert.Equal(3, rows.Count);
        Assert.Equal(new object?[] { 1L, "a", false }, rows[0]);
        Assert.Equal(new object?[] { 1L, "a2", true }, rows[1]);
        Assert.Equal(new object?[] { 2L, "b", true }, rows[2]);
        // child rows exist for every version, old versions keep theirs
        Assert.Equal(3, t.Count("orders__lines"));
    }

    [Fact]
    public void Scd2RowVersionColumnAndCustomValidityNames()
    {
        using var t = new TestPipeline();
        var wd = WriteDisposition.Scd2(boundaryTimestamp: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            validityColumnNames: ("ValidFrom", "ValidTo"), rowVersionColumnName: "version");
        var rows = new[] { new Dictionary<string, object?> { ["id"] = 1, ["version"] = "v1" } };
        t.Pipeline.Run(rows, tableName: "dim", writeDisposition: wd);
        t.Pipeline.Run(rows, tableName: "dim", writeDisposition: wd);
        var types = t.ColumnTypes("dim");
        Assert.Contains("valid_from", types.Keys);
        Assert.Contains("valid_to", types.Keys);
        Assert.DoesNotContain("_dlt_valid_from", types.Keys);
        Assert.Equal(1, t.Count("dim")); // same version: nothing retired, nothing inserted
    }

    [Fact]
    public void MergeThenReplaceTruncatesTheChain()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(new[] { Order(1, "a", "x"), Order(2, "b", "y") }, tableName: "orders", writeDisposition: "merge", primaryKey: "id");
        t.Pipeline.Run(new[] { Order(3, "c", "z") }, tableName: "orders", writeDisposition: "replace");
        Assert.Equal(1, t.Count("orders"));
        Assert.Equal(1, t.Count("orders__lines"));
    }
}

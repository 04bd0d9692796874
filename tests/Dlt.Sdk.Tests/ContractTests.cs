using DltNet.Extract;
using DltNet.Schema;
using Xunit;

namespace DltNet.Tests;

/// <summary>Contracts set on resources and sources, discard counts, and explicit schemas built in code.</summary>
public sealed class ContractTests
{
    private static Dictionary<string, object?> Row(int id, string? extra = null)
    {
        var d = new Dictionary<string, object?> { ["id"] = id };
        if (extra is not null) d["extra"] = extra;
        return d;
    }

    [Fact]
    public void ResourceContractDiscardsRowsAndLoadInfoCountsThem()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(new[] { Row(1) }, tableName: "items");
        var info = t.Pipeline.Run(Dlt.Resource(new[] { Row(2), Row(3, "new"), Row(4, "new") }, "items", schemaContract: "discard_row"));
        Assert.Equal(2, t.Count("items"));
        Assert.Equal(2, info.LoadPackages.Sum(p => p.DiscardedRows));
        Assert.DoesNotContain("extra", t.ColumnTypes("items").Keys);
        var values = t.Pipeline.Run(Dlt.Resource(new[] { Row(5, "new") }, "items", schemaContract: new SchemaContract(Columns: ContractMode.DiscardValue)));
        Assert.Equal(1, values.LoadPackages.Sum(p => p.DiscardedValues));
        Assert.Equal(3, t.Count("items"));
    }

    [Fact]
    public void SourceContractFreezesEveryResourceAndNamesTheViolation()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(Dlt.Source("shop", Dlt.Resource(new[] { Row(1) }, "items")));
        var source = Dlt.Source("shop", Dlt.Resource(new[] { Row(2, "new") }, "items"));
        source.SchemaContract = "freeze";
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(source));
        Assert.Equal("normalize", e.Step);
        var violation = Assert.IsType<DataValidationException>(e.InnerException);
        Assert.Equal("DataValidationError", violation.ErrorCode);
        Assert.Equal(("shop", "items", "extra", "columns", "freeze"), (violation.SchemaName, violation.TableName, violation.ColumnName, violation.SchemaEntity, violation.ContractMode));
        Assert.Equal("items[0]", violation.ItemPosition);
        Assert.Equal(1, t.Count("items"));
    }

    [Fact]
    public void SchemaBuiltInCodeShapesTheTables()
    {
        using var t = new TestPipeline();
        var schema = new DltSchema("test");
        var events = new TableSchema("events") { WriteDisposition = WriteDispositionKind.Append };
        events.AddOrMergeColumn(new ColumnSchema("amount", DltDataType.Decimal) { Precision = 12, Scale = 3 });
        events.AddOrMergeColumn(new ColumnSchema("code", DltDataType.Text) { Nullable = false });
        schema.AddTable(events);
        t.Pipeline.Run(new[] { new Dictionary<string, object?> { ["amount"] = 1.5, ["code"] = 7 } }, tableName: "events", schema: schema);
        var types = t.ColumnTypes("events");
        Assert.Equal("DECIMAL(12,3)", types["amount"]);
        Assert.Equal("VARCHAR", types["code"]);
        Assert.Equal("7", t.Query("SELECT code FROM test_data.events")[0][0]);
    }
}

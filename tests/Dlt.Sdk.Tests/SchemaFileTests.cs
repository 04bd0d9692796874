using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Schema;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace DltNet.Tests;

/// <summary>dlt's YAML/JSON schema files: import, export, round trip, and the pipeline's import/export folders.</summary>
public sealed class SchemaFileTests
{
    private static string SchemaPath => Path.Combine(AppContext.BaseDirectory, "schemas", "github.schema.yaml");

    [Fact]
    public void DltYamlImportsWithTablesHintsAndSettings()
    {
        var schema = SchemaFiles.Load(SchemaPath);
        Assert.Equal("github", schema.Name);
        Assert.Equal(2, schema.Version);
        var issues = schema.GetTable("issues")!;
        Assert.Equal(WriteDispositionKind.Merge, issues.WriteDisposition);
        Assert.Equal(MergeStrategy.DeleteInsert, issues.MergeStrategy);
        Assert.True(issues.SeenData);
        Assert.True(issues.GetColumn("id")!.PrimaryKey);
        Assert.False(issues.GetColumn("id")!.IsNullable);
        Assert.Equal((10, 2), (issues.GetColumn("price")!.Precision!.Value, issues.GetColumn("price")!.Scale!.Value));
        Assert.True(issues.GetColumn("deleted")!.HardDelete);
        Assert.Equal("issues", schema.GetTable("issues__labels")!.Parent);
        Assert.Contains("issues", schema.RootKeyPropagation);
        Assert.Equal(["+stnjP5XdPbW8KnVRaa/fNpmXRj3J3QVXI7JFAxXbsw="], schema.PreviousHashes);
    }

    [Fact]
    public void YamlRoundTripIsEquivalent()
    {
        var original = File.ReadAllText(SchemaPath);
        var exported = SchemaFiles.ToYaml(SchemaFiles.FromYaml(original));
        Assert.True(Equivalent(YamlToJson(original), YamlToJson(exported)), exported);
        // and the exported text reads back to the same schema
        Assert.Equal(SchemaFiles.FromYaml(original).ComputeVersionHash(), SchemaFiles.FromYaml(exported).ComputeVersionHash());
    }

    [Fact]
    public void JsonRoundTripIsEquivalent()
    {
        var schema = SchemaFiles.FromYaml(File.ReadAllText(SchemaPath));
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".schema.json");
        try
        {
            SchemaFiles.Save(schema, path);
            var again = SchemaFiles.Load(path);
            Assert.Equal(schema.ComputeVersionHash(), again.ComputeVersionHash());
            Assert.True(Equivalent(YamlToJson(File.ReadAllText(SchemaPath)), JsonNode.Parse(File.ReadAllText(path))));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MalformedYamlNamesTheLine()
    {
        var e = Assert.Throws<SchemaCorruptedException>(() => SchemaFiles.FromYaml("name: x\ntables: [\n  - a: b\n bad"));
        Assert.Contains("line", e.Message);
    }

    [Fact]
    public void ImportFolderShapesTheTablesAndExportFolderFollowsChanges()
    {
        using var t = new TestPipeline("github");
        var import = Path.Combine(t.Root, "import");
        var export = Path.Combine(t.Root, "export");
        Directory.CreateDirectory(import);
        // a user-edited schema: price is a decimal(10,2) even though the data carries floats
        File.WriteAllText(Path.Combine(import, "github.schema.yaml"), File.ReadAllText(SchemaPath));
        var pipeline = Dlt.Pipeline("github", new Destinations.DuckDb.DuckDbDestination(t.DatabasePath), t.Dataset, t.PipelinesDir,
            importSchemaPath: import, exportSchemaPath: export);
        var issues = Dlt.Resource(new[]
        {
            new Dictionary<string, object?> { ["id"] = 1, ["title"] = "a", ["price"] = 1.5, ["labels"] = new[] { new Dictionary<string, object?> { ["name"] = "bug" } } },
        }, "issues", writeDisposition: "merge", primaryKey: "id");
        pipeline.Run(Dlt.Source("github", issues));
        Assert.Equal("DECIMAL(10,2)", t.ColumnTypes("issues")["price"]);
        Assert.Equal(1, t.Count("issues__labels"));
        var exported = SchemaFiles.Load(Path.Combine(export, "github.schema.yaml"));
        Assert.NotNull(exported.GetTable("issues")!.GetColumn("price"));
    }

    [Fact]
    public void HintThatChangesAnExistingColumnTypeIsReportedBeforeLoading()
    {
        using var t = new TestPipeline();
        t.Pipeline.Run(new[] { new Dictionary<string, object?> { ["id"] = 1, ["amount"] = 5 } }, tableName: "orders");
        var e = Assert.Throws<PipelineStepFailedException>(() => t.Pipeline.Run(
            new[] { new Dictionary<string, object?> { ["id"] = 2, ["amount"] = 6 } }, tableName: "orders",
            columns: [new ColumnSchema("amount", DltDataType.Text)]));
        Assert.Equal("extract", e.Step);
        Assert.IsType<SchemaCorruptedException>(e.InnerException);
        Assert.Contains("`amount`", e.InnerException!.Message);
        Assert.Equal(1, t.Count("orders"));
    }

    private static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);

        static JsonNode? Convert(YamlNode n) => n switch
        {
            YamlMappingNode m => new JsonObject(m.Children.Select(kv => new KeyValuePair<string, JsonNode?>(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
            YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
            YamlScalarNode sc => JsonValue.Create(sc.Value),
            _ => null,
        };
    }

    private static bool Equivalent(JsonNode? a, JsonNode? b)
    {
        if (a is JsonObject oa && b is JsonObject ob)
            return oa.Count == ob.Count && oa.All(kv => ob.ContainsKey(kv.Key) && Equivalent(kv.Value, ob[kv.Key]));
        if (a is JsonArray aa && b is JsonArray ab)
            return aa.Count == ab.Count && aa.Zip(ab).All(p => Equivalent(p.First, p.Second));
        if (a is null || b is null) return a is null && b is null;
        static string Text(JsonNode n) => n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString();
        return string.Equals(Text(a), Text(b), StringComparison.OrdinalIgnoreCase);
    }
}

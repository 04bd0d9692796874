using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Destinations.DuckDb;
using DltNet.Extract;
using DltNet.Extract.Typed;
using DltNet.Generators.Tests.Infrastructure;
using DltNet.Schema;

namespace DltNet.Generators.Tests.EndToEnd;

/// <summary>
/// The typed path (records through generated resources, converters and schemas) loads exactly the same tables, columns (order,
/// DuckDB and dlt types), parents and rows as the dynamic path (the same data as dictionaries or JSON), end to end into DuckDB files.
/// Nullability is the one intended difference: the typed path declares non-nullable members NOT NULL (checked separately).
/// </summary>
// one collection: these tests read the process-wide count of fast-path rows, so they must not run side by side
[Collection("typed pipelines")]
public sealed class TypedVsDynamicTests : IDisposable
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dlt-generators-tests", Guid.NewGuid().ToString("N"));

    public TypedVsDynamicTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    // ------------------------------------------------------------------ acceptance cases

    [Fact]
    public void Case015ChildTableListOfDicts() =>
        AssertAcceptanceCase("015_child_table_list_of_dicts", data => AcceptanceResources.OrdersResource(Read<Order015>(data)), Order015DltTable.Schema);

    [Fact]
    public void Case016ChildTableListOfScalars() =>
        AssertAcceptanceCase("016_child_table_list_of_scalars", data => AcceptanceResources.PostsResource(Read<Post016>(data)), Post016DltTable.Schema);

    [Fact]
    public void Case017ChildTableFromListInsideDict() =>
        AssertAcceptanceCase("017_child_table_from_list_inside_dict", data => AcceptanceResources.DeepResource(Read<Deep017>(data)), Deep017DltTable.Schema);

    [Fact]
    public void Case025DeepNestingDefault() =>
        AssertAcceptanceCase("025_deep_nesting_default", data => AcceptanceResources.DeepDefaultResource(Read<Deep025>(data)), Deep025DltTable.Schema,
            fastPath: false); // a list of objects holding only a list is a nested table without data columns: not in the typed schema, dynamic path

    [Fact]
    public void Case033TypesBasicInference() =>
        AssertAcceptanceCase("033_types_basic_inference", data => AcceptanceResources.TypesResource(Read<Types033>(data)), Types033DltTable.Schema);

    [Fact]
    public void Case063MergePrimaryKey() =>
        AssertAcceptanceCase("063_merge_primary_key_upsert_semantics", data => AcceptanceResources.MergedResource(Read<M063>(data)), M063DltTable.Schema);

    private static List<T> Read<T>(JsonArray data) => data.Deserialize<List<T>>(SnakeCase) ?? throw new InvalidDataException("no rows");

    private void AssertAcceptanceCase(string caseName, Func<JsonArray, DltResource> typedResource, TypedTableSchema schema, bool fastPath = true)
    {
        var file = Path.Combine(GeneratorHarness.ProjectDirectory(), "..", "Dlt.Acceptance", "cases", caseName + ".json");
        var runs = JsonNode.Parse(File.ReadAllText(file))!["runs"]!.AsArray().Select(r => r!.AsObject()).ToList();

        var fastRows = TypedTableWriters.RowsAppended;
        var typed = Load("typed_" + caseName[..3], runs.Select<JsonObject, Action<Pipeline>>(run => p =>
            p.Run(typedResource(run["data"]!.AsArray()))).ToArray());
        // the rows took the typed columnar fast path (generated writer -> Parquet at extract -> validated and copied by normalize)
        if (fastPath) Assert.True(TypedTableWriters.RowsAppended - fastRows >= runs.Sum(r => r["data"]!.AsArray().Count),
            $"{caseName}: typed rows did not take the fast path");
        var untyped = Load("dynamic_" + caseName[..3], runs.Select<JsonObject, Action<Pipeline>>(run => p =>
        {
            var args = run["args"]!.AsObject();
            p.Run(run["data"]!.DeepClone().AsArray(), tableName: args["table_name"]!.GetValue<string>(),
                writeDisposition: args["write_disposition"] is { } wd ? WriteDisposition.Parse(wd.GetValue<string>()) : null,
                primaryKey: args["primary_key"] is { } pk ? (KeyList)pk.GetValue<string>() : null);
        }).ToArray());

        AssertSame(untyped, typed);
        AssertNullability(typed, typed.Tables.Keys.Single(k => !k.Contains("__", StringComparison.Ordinal)), schema);
    }

    // ------------------------------------------------------------------ nested shapes

    private static List<Shop> Shops(int version) =>
    [
        new Shop(
            new Settings(true, ["beta", "wide"]), 1, "Corner Shop", ShopStatus.Open, 1234.5678m,
            new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.FromHours(2)), new DateOnly(1999, 12, 31),
            Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), true, 4.5, 12 + version,
            new Dictionary<string, object?> { ["source"] = "import", ["score"] = 7L, ["nested"] = new Dictionary<string, object?> { ["a"] = 1L } },
            new Owner("ada", new Address("London", new Geo(51.5, -0.12))),
            new Address("Paris", new Geo(48.85, 2.35)),
            [
                new Product("p-1", 3, [new Variant("red", 10), new Variant("blue", 0)], ["new", "sale"]),
                new Product("p-2", 1, [], []),
            ],
            ["food", "late"],
            [[1, 2], [3]]),
        new Shop(
            new Settings(false, []), 2, "Kiosk", ShopStatus.Closed, 0.5m,
            new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateOnly(2020, 2, 29),
            Guid.Parse("00000000-0000-0000-0000-000000000001"), false, 3.25, 1,
            new Dictionary<string, object?> { ["source"] = "manual", ["score"] = null, ["nested"] = new Dictionary<string, object?> { ["a"] = 2L } },
            new Owner("bob", new Address("Berlin", new Geo(52.52, 13.4))),
            null,
            [new Product("k-1", 100, [new Variant("green", 5)], ["bulk"])],
            [],
            [[], [7, 8, 9]]),
    ];

    private static readonly ColumnSchema[] SettingsJson = [new("Settings", DltDataType.Json)];

    [Fact]
    public void NestedShapesWithMergeLoadTheSame()
    {
        var typed = Load("typed_shops",
            p => p.Run(ShopResources.ShopsResource(Shops(1))),
            p => p.Run(ShopResources.ShopsResource(Shops(2).Take(1))));
        var untyped = Load("dynamic_shops",
            p => p.Run(Dlt.Resource(PlainData.Rows(Shops(1)), "shops", writeDisposition: "merge", primaryKey: "Id", columns: SettingsJson)),
            p => p.Run(Dlt.Resource(PlainData.Rows(Shops(2).Take(1)), "shops", writeDisposition: "merge", primaryKey: "Id", columns: SettingsJson)));
        AssertSame(untyped, typed);
        Assert.Equal(
            ["shops", "shops__grid", "shops__grid__list", "shops__products", "shops__products__labels", "shops__products__variants", "shops__tags"],
            typed.Tables.Keys);
        Assert.Contains(typed.Tables["shops"].Rows, r => r.Contains("employees=14;", StringComparison.Ordinal));
        AssertNullability(typed, "shops", ShopDltTable.Schema);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void NestedShapesWithANestingLimitLoadTheSame(int maxTableNesting)
    {
        var typedResource = maxTableNesting == 1 ? ShopResources.ShopsOneLevelResource(Shops(1)) : ShopResources.ShopsFlatResource(Shops(1));
        var typed = Load("typed_shops_" + maxTableNesting, p => p.Run(typedResource));
        var untyped = Load("dynamic_shops_" + maxTableNesting,
            p => p.Run(Dlt.Resource(PlainData.Rows(Shops(1)), "shops", columns: SettingsJson, maxTableNesting: maxTableNesting)));
        AssertSame(untyped, typed);
        if (maxTableNesting == 0) Assert.Equal(["shops"], typed.Tables.Keys);
        else Assert.DoesNotContain(typed.Tables.Keys, k => k.Split("__").Length > 2);
    }

    // ------------------------------------------------------------------ helpers

    private DatasetSnapshot Load(string name, params Action<Pipeline>[] runs)
    {
        var database = Path.Combine(_dir, name + ".duckdb");
        var pipeline = Dlt.Pipeline(name, new DuckDbDestination(database), "data", pipelinesDir: Path.Combine(_dir, "pipelines"));
        foreach (var run in runs) run(pipeline);
        return DatasetSnapshot.Read(database, "data", pipeline.GetSchema()!);
    }

    private static void AssertSame(DatasetSnapshot expected, DatasetSnapshot actual)
    {
        Assert.Equal(expected.Tables.Keys, actual.Tables.Keys);
        foreach (var (name, table) in expected.Tables)
        {
            var other = actual.Tables[name];
            Assert.True(table.Parent == other.Parent, $"{name}: parent {table.Parent} vs {other.Parent}");
            Assert.Equal(
                table.Columns.Select(c => $"{c.Name} {c.DuckDbType} {c.DltType}"),
                other.Columns.Select(c => $"{c.Name} {c.DuckDbType} {c.DltType}"));
            Assert.Equal(table.Rows, other.Rows);
        }
    }

    /// <summary>Columns the generated schema declares non-nullable are NOT NULL in the destination, the others nullable.</summary>
    private static void AssertNullability(DatasetSnapshot typed, string rootTable, TypedTableSchema schema)
    {
        foreach (var column in schema.Root.Columns)
        {
            var loaded = typed.Tables[rootTable].Columns.SingleOrDefault(c => c.Name == column.Name);
            if (loaded is null) continue; // a json member or a nested shape the data did not reach
            var keyColumn = column.Name == "id" && typed.Tables[rootTable].Columns.Any(c => c.Name == "id" && !c.Nullable);
            Assert.True(loaded.Nullable == (column.Nullable != false) || keyColumn, $"{rootTable}.{column.Name}: nullable {loaded.Nullable}, declared {column.Nullable}");
        }
    }
}

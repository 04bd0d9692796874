using System.Text.Json.Nodes;

namespace DltNet.Schema;

/// <summary>A table of a schema: ordered columns plus table hints (spec 4.2).</summary>
public sealed class TableSchema
{
    private readonly List<ColumnSchema> _columns = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Creates an empty table.</summary>
    public TableSchema(string name) => Name = name;

    /// <summary>Normalized table name.</summary>
    public string Name { get; set; }
    /// <summary>Parent table of a nested table; null for root tables.</summary>
    public string? Parent { get; set; }
    /// <summary>Write disposition (root tables; nested tables inherit it).</summary>
    public WriteDispositionKind? WriteDisposition { get; set; }
    /// <summary>Merge strategy (<c>x-merge-strategy</c>).</summary>
    public MergeStrategy? MergeStrategy { get; set; }
    /// <summary>Table-level schema contract.</summary>
    public SchemaContract? SchemaContract { get; set; }
    /// <summary>Table format (<c>delta</c>, <c>iceberg</c>, ...).</summary>
    public string? TableFormat { get; set; }
    /// <summary>Loader file format hint.</summary>
    public string? FileFormat { get; set; }
    /// <summary>Resource that produced the table (root tables).</summary>
    public string? Resource { get; set; }
    /// <summary>Description.</summary>
    public string? Description { get; set; }
    /// <summary>Set once the table received rows (<c>x-normalizer.seen-data</c>).</summary>
    public bool SeenData { get; set; }
    /// <summary>Columns evolve once on a new table whose contract is not evolve.</summary>
    public bool EvolveColumnsOnce { get; set; }
    /// <summary>Resource-level max nesting (<c>x-normalizer.max_nesting</c>).</summary>
    public int? MaxNesting { get; set; }
    /// <summary>Other extension hints (<c>x-boundary-timestamp</c>, <c>x-stage-data-deduplicated</c>, ...).</summary>
    public Dictionary<string, JsonNode?> ExtensionHints { get; } = new(StringComparer.Ordinal);

    /// <summary>Columns in creation order.</summary>
    public IReadOnlyList<ColumnSchema> Columns => _columns;

    /// <summary>True for nested (child) tables.</summary>
    public bool IsNested => Parent is not null;

    /// <summary>Finds a column by normalized name.</summary>
    public ColumnSchema? GetColumn(string name) => _index.TryGetValue(name, out var i) ? _columns[i] : null;

    /// <summary>Position of a column or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Adds a column at the end, or merges hints into the existing one.</summary>
    public ColumnSchema AddOrMergeColumn(ColumnSchema column)
    {
        if (_index.TryGetValue(column.Name, out var i))
        {
            _columns[i].MergeFrom(column);
            return _columns[i];
        }
        _index[column.Name] = _columns.Count;
        _columns.Add(column);
        return column;
    }

    /// <summary>Removes a column (used when a contract filters it).</summary>
    internal void RemoveColumn(string name)
    {
        if (!_index.TryGetValue(name, out var i)) return;
        _columns.RemoveAt(i);
        _index.Clear();
        for (var j = 0; j < _columns.Count; j++) _index[_columns[j].Name] = j;
    }

    /// <summary>Complete columns (those with a data type).</summary>
    public IEnumerable<ColumnSchema> CompleteColumns => _columns.Where(c => c.IsComplete);

    /// <summary>True when the table has at least one complete column.</summary>
    public bool HasCompleteColumns
    {
        get
        {
            // asked for every normalized row: a loop, no enumerator allocation
            foreach (var c in _columns)
                if (c.IsComplete) return true;
            return false;
        }
    }

    /// <summary>Deep copy.</summary>
    public TableSchema Clone()
    {
        var t = new TableSchema(Name)
        {
            Parent = Parent, WriteDisposition = WriteDisposition, MergeStrategy = MergeStrategy, SchemaContract = SchemaContract,
            TableFormat = TableFormat, FileFormat = FileFormat, Resource = Resource, Description = Description,
            SeenData = SeenData, EvolveColumnsOnce = EvolveColumnsOnce, MaxNesting = MaxNesting,
        };
        foreach (var c in _columns) t.AddOrMergeColumn(c.Clone());
        foreach (var (k, v) in ExtensionHints) t.ExtensionHints[k] = v?.DeepClone();
        return t;
    }

    /// <summary>dlt's stored form of the table.</summary>
    public JsonObject ToJson()
    {
        var cols = new JsonObject();
        foreach (var c in _columns) cols[c.Name] = c.ToJson();
        var o = new JsonObject { ["name"] = Name, ["columns"] = cols };
        if (Parent is not null) o["parent"] = Parent;
        if (WriteDisposition is { } wd) o["write_disposition"] = Schema.WriteDisposition.KindName(wd);
        if (SchemaContract is { } sc) o["schema_contract"] = sc.ToJson();
        if (TableFormat is not null) o["table_format"] = TableFormat;
        if (FileFormat is not null) o["file_format"] = FileFormat;
        if (Resource is not null) o["resource"] = Resource;
        if (Description is not null) o["description"] = Description;
        if (MergeStrategy is { } ms) o["x-merge-strategy"] = Schema.WriteDisposition.StrategyName(ms);
        var normalizer = new JsonObject();
        if (SeenData) normalizer["seen-data"] = true;
        if (EvolveColumnsOnce) normalizer["evolve-columns-once"] = true;
        if (MaxNesting is { } mn) normalizer["max_nesting"] = mn;
        if (normalizer.Count > 0) o["x-normalizer"] = normalizer;
        foreach (var (k, v) in ExtensionHints) o[k] = v?.DeepClone();
        return o;
    }

    /// <summary>Reads dlt's stored form of a table.</summary>
    public static TableSchema FromJson(JsonObject o, string? name = null)
    {
        var t = new TableSchema(name ?? o["name"]?.GetValue<string>() ?? throw new ArgumentException("A table needs a name."));
        foreach (var (key, value) in o)
        {
            switch (key)
            {
                case "name": break;
                case "columns":
                    if (value is JsonObject cols)
                        foreach (var (cn, cv) in cols) t.AddOrMergeColumn(ColumnSchema.FromJson((JsonObject)cv!, cn));
                    else if (value is JsonArray arr)
                        foreach (var cv in arr) t.AddOrMergeColumn(ColumnSchema.FromJson((JsonObject)cv!));
                    break;
                case "parent": t.Parent = value?.GetValue<string>(); break;
                case "write_disposition": t.WriteDisposition = value is null ? null : Schema.WriteDisposition.Parse(value.GetValue<string>()).Kind; break;
                case "schema_contract": t.SchemaContract = value is null ? null : Schema.SchemaContract.FromJson(value); break;
                case "table_format": t.TableFormat = value?.GetValue<string>(); break;
                case "file_format": t.FileFormat = value?.GetValue<string>(); break;
                case "resource": t.Resource = value?.GetValue<string>(); break;
                case "description": t.Description = value?.GetValue<string>(); break;
                case "x-merge-strategy": t.MergeStrategy = value is null ? null : Schema.WriteDisposition.ParseStrategy(value.GetValue<string>()); break;
                case "x-normalizer":
                    if (value is JsonObject n)
                    {
                        t.SeenData = n["seen-data"]?.GetValue<bool>() ?? false;
                        t.EvolveColumnsOnce = n["evolve-columns-once"]?.GetValue<bool>() ?? false;
                        t.MaxNesting = n["max_nesting"]?.GetValue<int>();
                    }
                    break;
                default: t.ExtensionHints[key] = value?.DeepClone(); break;
            }
        }
        return t;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

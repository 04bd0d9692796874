using System.Text.Json.Nodes;

namespace DltNet.Schema;

/// <summary>Which staging duplicate survives a merge deduplication.</summary>
public enum DedupSort
{
    /// <summary>Keep the row with the lowest value.</summary>
    Asc,
    /// <summary>Keep the row with the highest value.</summary>
    Desc,
}

/// <summary>
/// A column of a table schema, and at the same time a column hint given by the user
/// (<c>columns:</c> argument). A column without <see cref="DataType"/> is incomplete: it carries hints
/// only and is created in the destination once data gives it a type (spec 4.1).
/// </summary>
public sealed class ColumnSchema
{
    /// <summary>Creates a column hint.</summary>
    public ColumnSchema(string name, DltDataType? dataType = null)
    {
        Name = name;
        DataType = dataType;
    }

    /// <summary>Column name (normalized once it is part of a schema).</summary>
    public string Name { get; set; }
    /// <summary>dlt data type; null for an incomplete column.</summary>
    public DltDataType? DataType { get; set; }
    /// <summary>Whether NULL is allowed; null means "not said" (defaults to true).</summary>
    public bool? Nullable { get; set; }
    /// <summary>Precision (length, bits, digits; see spec 3.8).</summary>
    public int? Precision { get; set; }
    /// <summary>Scale of a decimal.</summary>
    public int? Scale { get; set; }
    /// <summary>Whether a timestamp keeps its time zone (default true: stored as UTC instant).</summary>
    public bool? Timezone { get; set; }
    /// <summary>Part of the primary key.</summary>
    public bool PrimaryKey { get; set; }
    /// <summary>Part of the merge key.</summary>
    public bool MergeKey { get; set; }
    /// <summary>Unique hint.</summary>
    public bool Unique { get; set; }
    /// <summary>Row key (<c>_dlt_id</c>).</summary>
    public bool RowKey { get; set; }
    /// <summary>Parent key (<c>_dlt_parent_id</c>).</summary>
    public bool ParentKey { get; set; }
    /// <summary>Root key (<c>_dlt_root_id</c>).</summary>
    public bool RootKey { get; set; }
    /// <summary>Rows where this column is true (or non-null for non-bool types) delete the record in a merge.</summary>
    public bool HardDelete { get; set; }
    /// <summary>Survivor order of merge deduplication.</summary>
    public DedupSort? DedupSort { get; set; }
    /// <summary>Created automatically to hold values that did not fit the column's type.</summary>
    public bool Variant { get; set; }
    /// <summary>Partition hint (destination specific).</summary>
    public bool Partition { get; set; }
    /// <summary>Cluster hint (destination specific).</summary>
    public bool Cluster { get; set; }
    /// <summary>Sort hint (destination specific).</summary>
    public bool Sort { get; set; }
    /// <summary>Marks the cursor column of an incremental.</summary>
    public bool Incremental { get; set; }
    /// <summary>Free text.</summary>
    public string? Description { get; set; }
    /// <summary>Extension hints (<c>x-...</c>) kept verbatim.</summary>
    public Dictionary<string, JsonNode?> ExtensionHints { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the column has a data type and can be created in a destination.</summary>
    public bool IsComplete => DataType is not null;

    /// <summary>Effective nullability.</summary>
    public bool IsNullable => Nullable ?? true;

    /// <summary>Deep copy.</summary>
    public ColumnSchema Clone()
    {
        var copy = new ColumnSchema(Name, DataType)
        {
            Nullable = Nullable, Precision = Precision, Scale = Scale, Timezone = Timezone, PrimaryKey = PrimaryKey,
            MergeKey = MergeKey, Unique = Unique, RowKey = RowKey, ParentKey = ParentKey, RootKey = RootKey,
            HardDelete = HardDelete, DedupSort = DedupSort, Variant = Variant, Partition = Partition, Cluster = Cluster,
            Sort = Sort, Incremental = Incremental, Description = Description,
        };
        foreach (var (k, v) in ExtensionHints) copy.ExtensionHints[k] = v?.DeepClone();
        return copy;
    }

    /// <summary>Copies every hint that is set on <paramref name="hint"/> over this column.</summary>
    internal void MergeFrom(ColumnSchema hint)
    {
        if (hint.DataType is not null) DataType = hint.DataType;
        if (hint.Nullable is not null) Nullable = hint.Nullable;
        if (hint.Precision is not null) Precision = hint.Precision;
        if (hint.Scale is not null) Scale = hint.Scale;
        if (hint.Timezone is not null) Timezone = hint.Timezone;
        PrimaryKey |= hint.PrimaryKey;
        MergeKey |= hint.MergeKey;
        Unique |= hint.Unique;
        RowKey |= hint.RowKey;
        ParentKey |= hint.ParentKey;
        RootKey |= hint.RootKey;
        HardDelete |= hint.HardDelete;
        if (hint.DedupSort is not null) DedupSort = hint.DedupSort;
        Variant |= hint.Variant;
        Partition |= hint.Partition;
        Cluster |= hint.Cluster;
        Sort |= hint.Sort;
        Incremental |= hint.Incremental;
        if (hint.Description is not null) Description = hint.Description;
        foreach (var (k, v) in hint.ExtensionHints) ExtensionHints[k] = v?.DeepClone();
    }

    /// <summary>Parses a column hint from dlt's dictionary form (<c>{"name", "data_type", "nullable", ...}</c>).</summary>
    public static ColumnSchema FromJson(JsonObject obj, string? name = null)
    {
        var colName = name ?? obj["name"]?.GetValue<string>()
            ?? throw new ArgumentException("A column hint needs a \"name\".");
        var c = new ColumnSchema(colName);
        foreach (var (key, value) in obj)
        {
            switch (key)
            {
                case "name": break;
                case "data_type": c.DataType = value is null ? null : DltDataTypes.Parse(value.GetValue<string>()); break;
                case "nullable": c.Nullable = value?.GetValue<bool>(); break;
                case "precision": c.Precision = value?.GetValue<int>(); break;
                case "scale": c.Scale = value?.GetValue<int>(); break;
                case "timezone": c.Timezone = value?.GetValue<bool>(); break;
                case "primary_key": c.PrimaryKey = value?.GetValue<bool>() ?? false; break;
                case "merge_key": c.MergeKey = value?.GetValue<bool>() ?? false; break;
                case "unique": c.Unique = value?.GetValue<bool>() ?? false; break;
                case "row_key": c.RowKey = value?.GetValue<bool>() ?? false; break;
                case "parent_key": c.ParentKey = value?.GetValue<bool>() ?? false; break;
                case "root_key": c.RootKey = value?.GetValue<bool>() ?? false; break;
                case "hard_delete": c.HardDelete = value?.GetValue<bool>() ?? false; break;
                case "dedup_sort":
                    c.DedupSort = value?.GetValue<string>() switch
                    {
                        "asc" => Schema.DedupSort.Asc,
                        "desc" => Schema.DedupSort.Desc,
                        null => null,
                        var other => throw new ArgumentException($"Column '{colName}': dedup_sort must be \"asc\" or \"desc\", not \"{other}\"."),
                    };
                    break;
                case "variant": c.Variant = value?.GetValue<bool>() ?? false; break;
                case "partition": c.Partition = value?.GetValue<bool>() ?? false; break;
                case "cluster": c.Cluster = value?.GetValue<bool>() ?? false; break;
                case "sort": c.Sort = value?.GetValue<bool>() ?? false; break;
                case "incremental": c.Incremental = value?.GetValue<bool>() ?? false; break;
                case "description": c.Description = value?.GetValue<string>(); break;
                default: c.ExtensionHints[key] = value?.DeepClone(); break;
            }
        }
        return c;
    }

    /// <summary>dlt's dictionary form of this column (only non-default hints, plus name, data_type and nullable).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject { ["name"] = Name };
        if (DataType is { } dt) o["data_type"] = dt.ToDltName();
        o["nullable"] = IsNullable;
        if (Precision is { } p) o["precision"] = p;
        if (Scale is { } s) o["scale"] = s;
        if (Timezone is { } tz) o["timezone"] = tz;
        if (PrimaryKey) o["primary_key"] = true;
        if (MergeKey) o["merge_key"] = true;
        if (Unique) o["unique"] = true;
        if (RowKey) o["row_key"] = true;
        if (ParentKey) o["parent_key"] = true;
        if (RootKey) o["root_key"] = true;
        if (HardDelete) o["hard_delete"] = true;
        if (DedupSort is { } ds) o["dedup_sort"] = ds == Schema.DedupSort.Asc ? "asc" : "desc";
        if (Variant) o["variant"] = true;
        if (Partition) o["partition"] = true;
        if (Cluster) o["cluster"] = true;
        if (Sort) o["sort"] = true;
        if (Incremental) o["incremental"] = true;
        if (Description is not null) o["description"] = Description;
        foreach (var (k, v) in ExtensionHints) o[k] = v?.DeepClone();
        return o;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {DataType?.ToDltName() ?? "(incomplete)"}";
}

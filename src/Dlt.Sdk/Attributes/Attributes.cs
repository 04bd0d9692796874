using DltNet.Schema;

namespace DltNet.Attributes;

/// <summary>Excludes a property or field from the table.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class DltIgnoreAttribute : Attribute;

/// <summary>Column hints on a property or field of a row type.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class DltColumnAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public DltColumnAttribute() { }
    /// <summary>Creates the attribute with a column name.</summary>
    public DltColumnAttribute(string name) => Name = name;

    /// <summary>Column name (normalized with snake_case); default: the member name.</summary>
    public string? Name { get; set; }
    /// <summary>Data type; default: from the CLR type.</summary>
    public DltDataType DataType { get; set; } = (DltDataType)(-1);
    /// <summary>Precision (0 = not set).</summary>
    public int Precision { get; set; }
    /// <summary>Scale (-1 = not set).</summary>
    public int Scale { get; set; } = -1;
    /// <summary>Nullability override: default from the nullable annotation.</summary>
    public bool Nullable { get; set; } = true;
    /// <summary>Part of the primary key.</summary>
    public bool PrimaryKey { get; set; }
    /// <summary>Part of the merge key.</summary>
    public bool MergeKey { get; set; }
    /// <summary>Hard delete flag column.</summary>
    public bool HardDelete { get; set; }
    /// <summary>Dedup sort order (null = none): "asc" or "desc".</summary>
    public string? DedupSort { get; set; }
    /// <summary>Unique hint.</summary>
    public bool Unique { get; set; }
    /// <summary>Partition hint.</summary>
    public bool Partition { get; set; }
    /// <summary>Cluster hint.</summary>
    public bool Cluster { get; set; }
    /// <summary>Timestamps without time zone.</summary>
    public bool NoTimezone { get; set; }
}

/// <summary>Table-level hints on a row type (record or class).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class DltTableAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public DltTableAttribute() { }
    /// <summary>Creates the attribute with a table name.</summary>
    public DltTableAttribute(string name) => Name = name;
    /// <summary>Table name; default: the resource name.</summary>
    public string? Name { get; set; }
    /// <summary>Max table nesting (-1 = not set).</summary>
    public int MaxTableNesting { get; set; } = -1;
    /// <summary>Write disposition of the table; a <see cref="DltResourceAttribute"/> that sets one wins.</summary>
    public WriteDispositionKind WriteDisposition { get; set; } = WriteDispositionKind.Append;
    /// <summary>Merge strategy, when <see cref="WriteDisposition"/> is merge.</summary>
    public MergeStrategy MergeStrategy { get; set; } = MergeStrategy.DeleteInsert;
    /// <summary>Schema contract shorthand (evolve, freeze, discard_row, discard_value).</summary>
    public string? SchemaContract { get; set; }
    /// <summary>Loader file format.</summary>
    public string? FileFormat { get; set; }
    /// <summary>Table format.</summary>
    public string? TableFormat { get; set; }
}

/// <summary>Marks an iterator method (<c>IEnumerable&lt;T&gt;</c> or <c>IAsyncEnumerable&lt;T&gt;</c>) as a dlt resource.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DltResourceAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public DltResourceAttribute() { }
    /// <summary>Creates the attribute with a resource name.</summary>
    public DltResourceAttribute(string name) => Name = name;
    /// <summary>Resource name; default: the method name in snake_case.</summary>
    public string? Name { get; set; }
    /// <summary>Table name; default: the resource name.</summary>
    public string? TableName { get; set; }
    /// <summary>Write disposition.</summary>
    public WriteDispositionKind WriteDisposition { get; set; } = WriteDispositionKind.Append;
    /// <summary>Merge strategy, when <see cref="WriteDisposition"/> is merge.</summary>
    public MergeStrategy MergeStrategy { get; set; } = MergeStrategy.DeleteInsert;
    /// <summary>Primary key member names.</summary>
    public string[]? PrimaryKey { get; set; }
    /// <summary>Merge key member names.</summary>
    public string[]? MergeKey { get; set; }
    /// <summary>Max table nesting (-1 = not set).</summary>
    public int MaxTableNesting { get; set; } = -1;
    /// <summary>Schema contract shorthand (evolve, freeze, discard_row, discard_value).</summary>
    public string? SchemaContract { get; set; }
    /// <summary>Loader file format.</summary>
    public string? FileFormat { get; set; }
    /// <summary>Table format.</summary>
    public string? TableFormat { get; set; }
    /// <summary>Whether the resource is selected in its source.</summary>
    public bool Selected { get; set; } = true;
    /// <summary>scd2: valid-from column name.</summary>
    public string? ValidFromColumn { get; set; }
    /// <summary>scd2: valid-to column name.</summary>
    public string? ValidToColumn { get; set; }
    /// <summary>scd2: row version column name.</summary>
    public string? RowVersionColumn { get; set; }
    /// <summary>scd2: ISO-8601 value of the valid-to column on active rows (default NULL).</summary>
    public string? ActiveRecordTimestamp { get; set; }
}

/// <summary>Groups the <see cref="DltResourceAttribute"/> methods of a static partial class into a source.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DltSourceAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public DltSourceAttribute() { }
    /// <summary>Creates the attribute with a source name.</summary>
    public DltSourceAttribute(string name) => Name = name;
    /// <summary>Source (and schema) name; default: the class name in snake_case.</summary>
    public string? Name { get; set; }
    /// <summary>Max table nesting of the source (-1 = not set).</summary>
    public int MaxTableNesting { get; set; } = -1;
    /// <summary>Source-level schema contract.</summary>
    public string? SchemaContract { get; set; }
    /// <summary>Propagate <c>_dlt_root_id</c> to nested tables for every write disposition (dlt's <c>root_key=True</c>).</summary>
    public bool RootKey { get; set; }
}

/// <summary>Declares an incremental cursor on an <c>Incremental&lt;T&gt;</c> parameter of a resource method.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class DltIncrementalAttribute(string cursorPath) : Attribute
{
    /// <summary>Cursor path (member or JSON path of the source item).</summary>
    public string CursorPath { get; } = cursorPath;
    /// <summary>Initial value, parsed as the cursor type.</summary>
    public string? InitialValue { get; set; }
    /// <summary>End value, parsed as the cursor type.</summary>
    public string? EndValue { get; set; }
    /// <summary>"max" (default) or "min".</summary>
    public string LastValueFunc { get; set; } = "max";
    /// <summary>Dedup key member names.</summary>
    public string[]? PrimaryKey { get; set; }
    /// <summary>Lag (seconds for timestamps, units otherwise).</summary>
    public double Lag { get; set; }
    /// <summary>"asc" or "desc" when the resource yields rows ordered by the cursor (lets it stop early).</summary>
    public string? RowOrder { get; set; }
    /// <summary>What to do with a row without a cursor value: "raise" (default), "include" or "exclude".</summary>
    public string OnCursorValueMissing { get; set; } = "raise";
}

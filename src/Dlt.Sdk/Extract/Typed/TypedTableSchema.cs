using DltNet.Schema;

namespace DltNet.Extract.Typed;

/// <summary>
/// A column of a generated table schema: static data the source generator emits for a <c>[DltResource]</c> or
/// <c>[DltTable]</c> row type. Names are already normalized with the snake_case rules the runtime uses.
/// </summary>
public sealed class TypedColumn
{
    /// <summary>Creates a column with its data type and nullability (null: not known from the CLR type).</summary>
    public TypedColumn(string name, DltDataType dataType, bool? nullable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        DataType = dataType;
        Nullable = nullable;
    }

    /// <summary>Normalized column name (<c>author__login</c> for a flattened member).</summary>
    public string Name { get; }
    /// <summary>dlt data type.</summary>
    public DltDataType DataType { get; }
    /// <summary>Whether NULL is allowed; null when the member's nullability is unknown (nullable annotations disabled).</summary>
    public bool? Nullable { get; }
    /// <summary>Precision.</summary>
    public int? Precision { get; init; }
    /// <summary>Scale.</summary>
    public int? Scale { get; init; }
    /// <summary>Timezone flag of timestamps (false: without time zone).</summary>
    public bool? Timezone { get; init; }
    /// <summary>Part of the primary key.</summary>
    public bool PrimaryKey { get; init; }
    /// <summary>Part of the merge key.</summary>
    public bool MergeKey { get; init; }
    /// <summary>Hard delete flag.</summary>
    public bool HardDelete { get; init; }
    /// <summary>Dedup sort order of merges.</summary>
    public DedupSort? DedupSort { get; init; }
    /// <summary>Unique hint.</summary>
    public bool Unique { get; init; }
    /// <summary>Partition hint.</summary>
    public bool Partition { get; init; }
    /// <summary>Cluster hint.</summary>
    public bool Cluster { get; init; }

    /// <summary>A new column hint with these properties.</summary>
    public ColumnSchema ToColumnSchema() => new(Name, DataType)
    {
        Nullable = Nullable, Precision = Precision, Scale = Scale, Timezone = Timezone, PrimaryKey = PrimaryKey, MergeKey = MergeKey,
        HardDelete = HardDelete, DedupSort = DedupSort, Unique = Unique, Partition = Partition, Cluster = Cluster,
    };

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {DataType.ToDltName()}{(Nullable == false ? " not null" : "")}";
}

/// <summary>A table of a generated table schema: the root table (empty <see cref="Path"/>) or a nested table.</summary>
public sealed class TypedTable
{
    /// <summary>Creates a table at <paramref name="path"/> below the root table.</summary>
    public TypedTable(IReadOnlyList<string> path, IReadOnlyList<TypedColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        Path = path;
        Columns = columns;
    }

    /// <summary>Path of the table below the root table (see <see cref="NestedTableHints.Path"/>); empty for the root table.</summary>
    public IReadOnlyList<string> Path { get; }
    /// <summary>Data columns in the order the normalizer creates them (system columns are added by the normalizer).</summary>
    public IReadOnlyList<TypedColumn> Columns { get; }
    /// <summary>True for the root table.</summary>
    public bool IsRoot => Path.Count == 0;
}

/// <summary>
/// The table schema of a row type, generated at build time: the root table and the nested tables its collections
/// become, for one max table nesting. <see cref="ApplyTo"/> gives a resource these columns as hints, so typed rows
/// reach the normalizer with their types known instead of inferred from values.
/// </summary>
public sealed class TypedTableSchema
{
    /// <summary>Creates a schema; the first table must be the root table.</summary>
    public TypedTableSchema(string tableName, int? maxTableNesting, IReadOnlyList<TypedTable> tables)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0 || !tables[0].IsRoot)
            throw new ArgumentException("The first table of a typed schema is its root table (empty path).", nameof(tables));
        TableName = tableName;
        MaxTableNesting = maxTableNesting;
        Tables = tables;
    }

    /// <summary>Default table name of the row type (its <c>[DltTable]</c> name or its type name in snake_case).</summary>
    public string TableName { get; }
    /// <summary>The max table nesting the tables were computed for (null: unlimited).</summary>
    public int? MaxTableNesting { get; }
    /// <summary>Root table first, then nested tables, parents before children.</summary>
    public IReadOnlyList<TypedTable> Tables { get; }
    /// <summary>The root table.</summary>
    public TypedTable Root => Tables[0];

    /// <summary>
    /// Adds the root columns to <see cref="ResourceHints.Columns"/> and the nested tables to
    /// <see cref="ResourceHints.NestedHints"/> of <paramref name="resource"/>; sets its max table nesting when limited.
    /// </summary>
    public DltResource ApplyTo(DltResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        resource.ApplyHints(columns: Root.Columns.Select(c => c.ToColumnSchema()), maxTableNesting: MaxTableNesting);
        for (var i = 1; i < Tables.Count; i++)
        {
            var table = Tables[i];
            resource.Hints.NestedHints.RemoveAll(h => h.Path.SequenceEqual(table.Path, StringComparer.Ordinal));
            resource.Hints.NestedHints.Add(new NestedTableHints(table.Path, table.Columns.Select(c => c.ToColumnSchema())));
        }
        return resource;
    }
}

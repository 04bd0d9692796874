using DltNet.Generators.Helpers;

namespace DltNet.Generators.Model;

// The generator's model: immutable records with value equality. They hold strings, numbers, enums and other
// specs only — never ISymbol, SyntaxNode, Location or Compilation — so the incremental pipeline can cache them
// (ModelShapeTests checks this by reflection).

/// <summary>How a member value becomes a value of the normalizer's model.</summary>
internal enum ValueKind
{
    /// <summary>A scalar with a known dlt data type.</summary>
    Scalar,
    /// <summary>A record or class with a generated converter: a nested object (flattened into <c>parent__child</c> columns).</summary>
    Object,
    /// <summary>A collection: a list (a nested table).</summary>
    Collection,
    /// <summary>A value whose shape is only known at run time (object, JSON elements and nodes): converted by the runtime.</summary>
    Dynamic,
    /// <summary>A dictionary: always an object, with keys only known at run time; converted by the runtime.</summary>
    DynamicObject,
}

/// <summary>The expression that converts a scalar.</summary>
internal enum ScalarConversion
{
    /// <summary>The value as is (long, string, bool, double, decimal, DateTimeOffset, DateOnly, TimeOnly, byte[]).</summary>
    Direct,
    /// <summary><c>(long)value</c> for smaller integers.</summary>
    ToInt64,
    /// <summary><c>value.ToString()</c> (char, Guid, Uri, enums stored as text).</summary>
    ToText,
    /// <summary><c>value.ToArray()</c> (Memory/ReadOnlyMemory of bytes).</summary>
    ToArray,
    /// <summary><c>unchecked((long)value)</c> for enums stored as bigint.</summary>
    EnumToInt64,
    /// <summary>The runtime's scalar conversion (float, Half, DateTime, ulong, big integers).</summary>
    Runtime,
}

/// <summary>The type of a member (or collection element) and how to convert it.</summary>
/// <param name="Kind">Scalar, object, collection or dynamic.</param>
/// <param name="TypeName">Fully qualified type without nullable annotation (<c>global::System.Int32</c>).</param>
/// <param name="IsNullableValueType">True for <c>Nullable&lt;T&gt;</c>; <see cref="TypeName"/> is then the underlying type.</param>
/// <param name="IsReferenceType">True for reference types.</param>
/// <param name="IsNullable">Whether the value may be null; null when unknown (nullable annotations disabled).</param>
/// <param name="Conversion">Conversion of a scalar.</param>
/// <param name="DataType">dlt data type of a scalar (<c>DltDataType</c> member name).</param>
/// <param name="RowType">Fully qualified row type of an object.</param>
/// <param name="RowClass">Fully qualified generated class of an object's row type.</param>
/// <param name="Element">Element of a collection.</param>
internal sealed record ValueSpec(
    ValueKind Kind,
    string TypeName,
    bool IsNullableValueType,
    bool IsReferenceType,
    bool? IsNullable,
    ScalarConversion Conversion,
    string? DataType,
    string? RowType,
    string? RowClass,
    ValueSpec? Element);

/// <summary>Column hints from <c>[DltColumn]</c>.</summary>
internal sealed record ColumnHintsSpec(
    string? DataType,
    int? Precision,
    int? Scale,
    bool? Nullable,
    bool? Timezone,
    bool PrimaryKey,
    bool MergeKey,
    bool HardDelete,
    string? DedupSort,
    bool Unique,
    bool Partition,
    bool Cluster)
{
    public static readonly ColumnHintsSpec None = new(null, null, null, null, null, false, false, false, null, false, false, false);
}

/// <summary>A readable member of a row type.</summary>
/// <param name="MemberName">C# member name (accessed by the converter).</param>
/// <param name="Key">Key in the converted object: the <c>[DltColumn]</c> name or the member name.</param>
/// <param name="ColumnName">The key normalized with the runtime's snake_case rules.</param>
/// <param name="Value">Type and conversion.</param>
/// <param name="Hints">Column hints.</param>
internal sealed record MemberSpec(string MemberName, string Key, string ColumnName, ValueSpec Value, ColumnHintsSpec Hints);

/// <summary>Table-level hints of a row type (<c>[DltTable]</c>).</summary>
internal sealed record TableHintsSpec(
    string? TableName,
    int? MaxTableNesting,
    string? WriteDisposition,
    string? MergeStrategy,
    string? SchemaContract,
    string? FileFormat,
    string? TableFormat)
{
    public static readonly TableHintsSpec None = new(null, null, null, null, null, null, null);
}

/// <summary>A column of a generated table.</summary>
internal sealed record ColumnSpec(
    string Name,
    string DataType,
    bool? Nullable,
    int? Precision,
    int? Scale,
    bool? Timezone,
    bool PrimaryKey,
    bool MergeKey,
    bool HardDelete,
    string? DedupSort,
    bool Unique,
    bool Partition,
    bool Cluster);

/// <summary>A generated table: the root table (empty path) or a nested table.</summary>
internal sealed record TableSpec(EquatableArray<string> Path, EquatableArray<ColumnSpec> Columns);

/// <summary>The tables of a row type for one max table nesting (null: unlimited).</summary>
internal sealed record TableSetSpec(int? MaxTableNesting, EquatableArray<TableSpec> Tables);

/// <summary>A row type: a record, class or struct with a generated converter and table schema.</summary>
/// <param name="FullyQualifiedName">Fully qualified type name.</param>
/// <param name="Namespace">Namespace of the generated class (empty: global namespace).</param>
/// <param name="ClassName">Name of the generated class (<c>IssueDltTable</c>).</param>
/// <param name="HintName">File name of the generated source.</param>
/// <param name="DefaultTableName">Table name when loaded on its own: <c>[DltTable]</c> name or the type name in snake_case.</param>
/// <param name="TableHints">Table-level hints.</param>
/// <param name="Members">Members in the order the converter writes them.</param>
/// <param name="Tables">Tables for the type's own max table nesting.</param>
internal sealed record RowTypeSpec(
    string FullyQualifiedName,
    string Namespace,
    string ClassName,
    string HintName,
    string DefaultTableName,
    TableHintsSpec TableHints,
    EquatableArray<MemberSpec> Members,
    TableSetSpec Tables,
    WriterSpec? Writer = null)
{
    public string FullyQualifiedClassName => Namespace.Length == 0 ? "global::" + ClassName : "global::" + Namespace + "." + ClassName;
}

/// <summary>What a step of a generated columnar writer does.</summary>
internal enum WriterFieldKind
{
    /// <summary>Sets one column of the current table.</summary>
    Scalar,
    /// <summary>A nested object: its fields go to columns of the same table (absent when the object is null).</summary>
    Object,
    /// <summary>A collection: one row of a nested table per element (the only field is the element).</summary>
    List,
}

/// <summary>One step of a generated columnar writer (<c>ITypedTableWriter</c>).</summary>
/// <param name="Kind">Scalar, object or list.</param>
/// <param name="MemberName">C# member read; null for a list element.</param>
/// <param name="IsNullableValueType">The value is a <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="IsReferenceType">The value is a reference (may be null).</param>
/// <param name="Setter">Method of <c>TypedBatchTable</c> that sets a scalar (<c>Int64</c>, <c>Double</c>, <c>Bool</c>, <c>Text</c>, <c>Timestamp</c>, <c>Binary</c>).</param>
/// <param name="Conversion">Conversion of a scalar before it is set.</param>
/// <param name="Table">Index of the table the values go to (for a list: its nested table).</param>
/// <param name="Column">Column index of a scalar in its table.</param>
/// <param name="Fields">Fields of an object, or the element of a list.</param>
internal sealed record WriterFieldSpec(
    WriterFieldKind Kind,
    string? MemberName,
    bool IsNullableValueType,
    bool IsReferenceType,
    string? Setter,
    ScalarConversion Conversion,
    int Table,
    int Column,
    EquatableArray<WriterFieldSpec> Fields);

/// <summary>The columnar writer of a row type: present when every member maps to a typed column or nested table.</summary>
/// <param name="NestingDepth">Max table nesting the rows need to be flattened without json columns.</param>
/// <param name="Fields">Fields of the root row.</param>
/// <param name="TableCount">Number of tables the writer fills.</param>
internal sealed record WriterSpec(int NestingDepth, EquatableArray<WriterFieldSpec> Fields, int TableCount);

/// <summary>One type declaration of a containing type chain.</summary>
/// <param name="Keyword">The declaration keyword: class, struct, record or record struct.</param>
/// <param name="Name">Type name.</param>
internal sealed record TypeDeclarationSpec(string Keyword, string Name);

/// <summary>The (partial) type a generated member is added to.</summary>
internal sealed record ContainingTypeSpec(string Namespace, EquatableArray<TypeDeclarationSpec> Types, string FullyQualifiedName);

/// <summary>What a resource method parameter is.</summary>
internal enum ParameterRole
{
    /// <summary>A value the factory takes and passes on.</summary>
    Value,
    /// <summary>The cancellation token of the run.</summary>
    CancellationToken,
    /// <summary>An <c>[DltIncremental]</c> cursor the factory creates (overridable by an optional factory parameter).</summary>
    Incremental,
    /// <summary>An incremental cursor the caller passes; the factory also sets it on the resource.</summary>
    IncrementalValue,
}

/// <summary>A cursor declared with <c>[DltIncremental]</c>; values are C# expressions.</summary>
internal sealed record IncrementalSpec(
    string CursorTypeName,
    string CursorPath,
    string? InitialValue,
    string? EndValue,
    string? LastValueFunc,
    EquatableArray<string>? PrimaryKey,
    string? Lag,
    string? RowOrder,
    string? OnCursorValueMissing);

/// <summary>A parameter of a resource method.</summary>
/// <param name="Name">Identifier (escaped with <c>@</c> when it is a keyword).</param>
/// <param name="TypeName">Fully qualified type with nullable annotation.</param>
/// <param name="Role">What the parameter is.</param>
/// <param name="DefaultValue">C# expression of the default value, if any.</param>
/// <param name="Incremental">The cursor of an <see cref="ParameterRole.Incremental"/> parameter.</param>
internal sealed record ParameterSpec(string Name, string TypeName, ParameterRole Role, string? DefaultValue, IncrementalSpec? Incremental);

/// <summary>Resource hints from <c>[DltResource]</c> (and <c>[DltTable]</c> of the row type); values are ready to emit.</summary>
internal sealed record ResourceHintsSpec(
    string? TableName,
    string? WriteDisposition,
    string? MergeStrategy,
    string? ValidFromColumn,
    string? ValidToColumn,
    string? RowVersionColumn,
    string? ActiveRecordTimestamp,
    EquatableArray<string>? PrimaryKey,
    EquatableArray<string>? MergeKey,
    int? MaxTableNesting,
    string? SchemaContract,
    string? FileFormat,
    string? TableFormat,
    bool Selected);

/// <summary>A <c>[DltResource]</c> method and the factory generated for it.</summary>
internal sealed record ResourceSpec(
    ContainingTypeSpec Containing,
    string HintName,
    string MethodName,
    string FactoryName,
    string Accessibility,
    bool IsStatic,
    bool IsAsync,
    string? RowClass,
    string ResourceName,
    EquatableArray<ParameterSpec> Parameters,
    ResourceHintsSpec Hints,
    TableSetSpec? Tables);

/// <summary>A resource as a <c>[DltSource]</c> factory calls it.</summary>
internal sealed record SourceResourceSpec(string FactoryName, bool IsStatic, EquatableArray<string> Arguments);

/// <summary>A <c>[DltSource]</c> class and its generated <c>Source(...)</c> factory.</summary>
internal sealed record SourceSpec(
    ContainingTypeSpec Containing,
    string HintName,
    string SourceName,
    string Accessibility,
    bool IsStatic,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<SourceResourceSpec> Resources,
    int? MaxTableNesting,
    string? SchemaContract,
    bool RootKey);

using DltNet.Schema;

namespace DltNet.Normalize;

/// <summary>
/// Fits flattened rows into the schema (spec 3 and 6): coerces values into existing columns, infers new columns,
/// creates variant columns, enforces nullability and schema contracts, then hands the storage row to the table's writer.
/// The schema is changed only after the whole row passed its contract checks.
/// </summary>
internal sealed class RowCoercer(DltSchema schema, Func<string, TableRowBuffer> writerFor, SchemaContract? runContract,
    IEnumerable<string>? tablesNewInPackage = null)
{
    // tables created by this package may evolve freely for the rest of it (extract may have created some already)
    private readonly HashSet<string> _newTablesThisRun = new(tablesNewInPackage ?? [], StringComparer.Ordinal);
    private readonly HashSet<string> _filteredTables = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _discardValueColumns = [];
    private readonly HashSet<(string, string)> _discardRowColumns = [];
    private readonly List<(string Name, object? Value, ColumnSchema? NewColumn)> _pending = [];
    private readonly List<(int Index, object? Value)> _row = [];
    private readonly Dictionary<(string Column, DltDataType Type), string> _variantNames = [];

    /// <summary>Rows dropped by <c>discard_row</c> contracts (and rows of filtered tables).</summary>
    public long DiscardedRows { get; private set; }
    /// <summary>Values dropped by <c>discard_value</c> contracts.</summary>
    public long DiscardedValues { get; private set; }
    /// <summary>Tables created in this run.</summary>
    public IReadOnlySet<string> NewTables => _newTablesThisRun;
    /// <summary>Columns added in this run (table → columns).</summary>
    public Dictionary<string, List<string>> AddedColumns { get; } = new(StringComparer.Ordinal);

    /// <summary>Coerces and writes one row; returns false when a contract dropped it (its nested rows are then skipped).</summary>
    public bool CoerceAndWrite(string tableName, string? parentName, FlatRow row, ItemRef position)
    {
        // the contract sets below are empty unless a contract discards: skip their (string, string) hashing per value
        if (_filteredTables.Count > 0 && _filteredTables.Contains(tableName)) { DiscardedRows++; return false; }
        var table = schema.GetTable(tableName);
        var isDlt = DltSchema.IsDltTable(tableName);
        var contract = isDlt ? SchemaContract.Evolve : ResolveContract(tableName, parentName);
        var isNew = table is null || !table.HasCompleteColumns;
        if (isNew && !isDlt && contract.Tables != ContractMode.Evolve && !_newTablesThisRun.Contains(tableName))
        {
            if (contract.Tables == ContractMode.Freeze)
                throw new DataValidationException(schema.Name, tableName, null, "tables", "freeze", position.ToString(),
                    "Trying to add a new table, but the schema contract freezes tables.");
            _filteredTables.Add(tableName);
            DiscardedRows++;
            return false;
        }
        if (isNew) _newTablesThisRun.Add(tableName);
        var evolveColumns = _newTablesThisRun.Contains(tableName) || table?.EvolveColumnsOnce == true;
        var columnsMode = evolveColumns || isDlt ? ContractMode.Evolve : contract.Columns;
        var dataTypeMode = isDlt ? ContractMode.Evolve : contract.DataType;

        _pending.Clear();
        for (var i = 0; i < row.Count; i++)
        {
            var name = row.KeyAt(i);
            var value = row.ValueAt(i);
            if (value is null)
            {
                var col = table?.GetColumn(name);
                if (col is { IsComplete: true, IsNullable: false } || (col is null && schema.HasDefaultHint("not_null", name)))
                    throw new CannotCoerceNullException(tableName, name, position.ToString());
                continue;
            }
            if (_discardValueColumns.Count > 0 && _discardValueColumns.Contains((tableName, name))) { DiscardedValues++; continue; }
            if (_discardRowColumns.Count > 0 && _discardRowColumns.Contains((tableName, name))) { DiscardedRows++; return false; }

            var (colName, coerced, newColumn) = CoerceValue(table, tableName, name, value, isVariant: false, position);
            if (newColumn is not null && !colName.StartsWith(DltSchema.DltPrefix, StringComparison.Ordinal))
            {
                var entity = newColumn.Variant ? "data_type" : "columns";
                var mode = newColumn.Variant ? dataTypeMode : columnsMode;
                if (mode != ContractMode.Evolve)
                {
                    switch (mode)
                    {
                        case ContractMode.Freeze:
                            throw new DataValidationException(schema.Name, tableName, colName, entity, "freeze", position.ToString(),
                                newColumn.Variant
                                    ? $"Value of type {TypeCoercion.PyType(value)?.ToDltName()} does not fit column `{name}` and would create variant column `{colName}`."
                                    : "Trying to add a new column, but the schema contract freezes columns.");
                        case ContractMode.DiscardRow:
                            _discardRowColumns.Add((tableName, colName));
                            DiscardedRows++;
                            return false;
                        default:
                            _discardValueColumns.Add((tableName, colName));
                            DiscardedValues++;
                            continue;
                    }
                }
            }
            _pending.Add((colName, coerced, newColumn));
        }

        if (table is null)
        {
            table = schema.AddTable(new TableSchema(tableName) { Parent = parentName });
        }
        foreach (var (colName, _, newColumn) in _pending)
        {
            if (newColumn is null) continue;
            var existing = table.GetColumn(colName);
            if (existing is null)
            {
                table.AddOrMergeColumn(newColumn);
                if (!AddedColumns.TryGetValue(tableName, out var added)) AddedColumns[tableName] = added = [];
                added.Add(colName);
            }
            else if (!existing.IsComplete)
            {
                // user's partial hints win over inferred properties
                var userHints = existing.Clone();
                existing.DataType = newColumn.DataType;
                existing.MergeFrom(newColumn);
                existing.MergeFrom(userHints);
                existing.DataType = newColumn.DataType;
                if (!AddedColumns.TryGetValue(tableName, out var added)) AddedColumns[tableName] = added = [];
                added.Add(colName);
            }
        }
        _row.Clear();
        foreach (var (colName, value, _) in _pending) _row.Add((table.IndexOf(colName), value));
        writerFor(tableName).AddRow(_row);
        return true;
    }

    private SchemaContract ResolveContract(string tableName, string? parentName)
    {
        if (runContract is not null) return runContract;
        if (schema.GetTable(tableName) is not null) return schema.ResolveContract(tableName);
        return parentName is not null ? schema.ResolveContract(parentName) : schema.SchemaContract ?? SchemaContract.Evolve;
    }

    private (string Name, object? Value, ColumnSchema? NewColumn) CoerceValue(TableSchema? table, string tableName, string name, object value, bool isVariant, ItemRef position)
    {
        var existing = table?.GetColumn(name);
        ColumnSchema? partial = null;
        if (existing is { IsComplete: false })
        {
            partial = existing;
            existing = null;
        }
        var colType = existing?.DataType ?? InferType(value, name, skipPreferred: isVariant) ?? throw new DltDataException(
            $"Table `{tableName}` column `{name}`: values of type {value.GetType().Name} cannot be stored (item {position}).");
        var timezone = existing?.Timezone ?? partial?.Timezone ?? true;
        if (TypeCoercion.TryCoerce(value, colType, out var coerced, timezone))
        {
            if (existing is not null) return (name, coerced, null);
            var newColumn = new ColumnSchema(name, colType)
            {
                Nullable = !schema.HasDefaultHint("not_null", name),
                Unique = schema.HasDefaultHint("unique", name),
                RowKey = schema.HasDefaultHint("row_key", name),
                ParentKey = schema.HasDefaultHint("parent_key", name),
                RootKey = schema.HasDefaultHint("root_key", name),
                Variant = isVariant,
            };
            return (name, coerced, newColumn);
        }
        if (isVariant)
            throw new CannotCoerceColumnException(tableName, name, TypeCoercion.PyType(value)?.ToDltName() ?? value.GetType().Name,
                existing?.DataType?.ToDltName() ?? colType.ToDltName(), value, position.ToString());
        var pyType = TypeCoercion.PyType(value) ?? DltDataType.Text;
        // a column whose values keep going to a variant would otherwise build and normalize its name for every row
        if (!_variantNames.TryGetValue((name, pyType), out var variantName))
            _variantNames[(name, pyType)] = variantName = schema.Naming.ShortenFragments(name, "v_" + pyType.ToDltName());
        return CoerceValue(table, tableName, variantName, value, isVariant: true, position);
    }

    private DltDataType? InferType(object value, string columnName, bool skipPreferred)
    {
        if (!skipPreferred && schema.PreferredTypes.Count > 0)
        {
            foreach (var (pattern, type) in schema.PreferredTypes)
            {
                if (pattern.StartsWith("re:", StringComparison.Ordinal)
                        ? System.Text.RegularExpressions.Regex.IsMatch(columnName, pattern[3..])
                        : pattern == columnName)
                    return type;
            }
        }
        return TypeCoercion.InferType(value, schema.Detections);
    }
}

using DltNet.Schema;

namespace DltNet.Normalize;

/// <summary>
/// dlt's relational normalizer (spec 2): flattens nested objects into <c>parent__child</c> columns, turns lists into
/// child tables linked by <c>_dlt_parent_id</c>/<c>_dlt_list_idx</c>, assigns row ids, and hands each row to the
/// <see cref="RowCoercer"/>. A row the coercer drops (schema contract) takes its nested rows with it.
/// </summary>
internal sealed class RelationalNormalizer(DltSchema schema, RowCoercer coercer, string loadId)
{
    private const string EmptyKey = "_empty";
    private readonly Dictionary<string, string> _keyCache = new(StringComparer.Ordinal);
    private readonly NamingConvention _naming = schema.Naming;

    /// <summary>Normalizes one extracted item into rows of <paramref name="rootTable"/> and its child tables.</summary>
    public void NormalizeItem(object? item, string rootTable, ItemRef position)
    {
        if (item is null) return;
        var obj = item as DltObject ?? new DltObject { { "value", item } };
        var table = schema.GetTable(rootTable);
        var maxNesting = table?.MaxNesting ?? schema.MaxNesting ?? 1000;
        var (flat, lists) = Flatten(rootTable, obj, maxNesting);

        flat.Set("_dlt_load_id", loadId);
        string rowId;
        if (flat.TryGet("_dlt_id", out var own) && own is string s && s.Length > 0) rowId = s;
        else
        {
            rowId = ComputeRootRowId(rootTable, flat, obj, position);
            flat.Set("_dlt_id", rowId);
        }

        var written = coercer.CoerceAndWrite(rootTable, null, flat, position);
        Recycle(flat);
        if (!written) return;
        var propagate = schema.RootKeyPropagation.Contains(rootTable);
        foreach (var (path, list) in lists)
            NormalizeList(list, rootTable, path, rowId, propagate ? rowId : null, maxNesting - 1, position);
    }

    private string ComputeRootRowId(string rootTable, FlatRow flat, DltObject original, ItemRef position)
    {
        var table = schema.GetTable(rootTable);
        if (table?.WriteDisposition != WriteDispositionKind.Merge) return RowIds.Random();
        var strategy = table.MergeStrategy ?? MergeStrategy.DeleteInsert;
        if (strategy is MergeStrategy.Upsert or MergeStrategy.InsertOnly)
        {
            var keys = PrimaryKeys(table);
            if (keys.Count == 0) return RowIds.Random();
            var pairs = new List<KeyValuePair<string, object?>>(keys.Count);
            foreach (var k in keys)
            {
                if (!flat.TryGet(k, out var v) || v is null)
                    throw new CannotCoerceNullException(rootTable, k, position.ToString());
                pairs.Add(new(k, v));
            }
            return RowIds.ObjectHash(pairs);
        }
        if (strategy == MergeStrategy.Scd2 && table.Columns.Any(c => c.Name == "_dlt_id" && c.ExtensionHints.ContainsKey("x-row-version")))
            return RowIds.ObjectHash(original.Where(kv => !kv.Key.StartsWith(DltSchema.DltPrefix, StringComparison.Ordinal)));
        return RowIds.Random();
    }

    // primary key names per table, asked for every upserted row: the cached list is checked against the columns (no allocation)
    private readonly Dictionary<string, List<string>> _primaryKeys = new(StringComparer.Ordinal);

    private List<string> PrimaryKeys(TableSchema table)
    {
        var valid = _primaryKeys.TryGetValue(table.Name, out var cached);
        var count = 0;
        foreach (var c in table.Columns)
        {
            if (!c.PrimaryKey) continue;
            if (valid && (count >= cached!.Count || cached[count] != c.Name)) valid = false;
            count++;
        }
        if (valid && count == cached!.Count) return cached;
        var keys = table.Columns.Where(c => c.PrimaryKey).Select(c => c.Name).ToList();
        _primaryKeys[table.Name] = keys;
        return keys;
    }

    private void NormalizeList(List<object?> list, string parentTable, string[] path, string parentRowId, string? rootRowId, int level, ItemRef position)
    {
        var childTable = _naming.ShortenFragments([parentTable, .. path]);
        if (list.Count == 0) return;
        // the ids of the whole list at once (four per hash call); lists nest, so each call rents its own array
        var ids = System.Buffers.ArrayPool<string>.Shared.Rent(list.Count);
        try
        {
            RowIds.ChildIdsOfList(parentRowId, childTable, ids.AsSpan(0, list.Count));
            for (var idx = 0; idx < list.Count; idx++)
            {
                var v = list[idx];
                switch (v)
                {
                    case DltObject o:
                        NormalizeChildRow(o, childTable, parentTable, parentRowId, rootRowId, idx, ids[idx], level, position);
                        break;
                    case List<object?> inner:
                        NormalizeChildRow(new DltObject { { "list", inner } }, childTable, parentTable, parentRowId, rootRowId, idx, ids[idx], level, position);
                        break;
                    default:
                        var flat = RentRow();
                        flat.Set("value", v);
                        if (rootRowId is not null) flat.Set("_dlt_root_id", rootRowId);
                        flat.Set("_dlt_parent_id", parentRowId);
                        flat.Set("_dlt_list_idx", (long)idx);
                        flat.Set("_dlt_id", ids[idx]);
                        coercer.CoerceAndWrite(childTable, parentTable, flat, position);
                        Recycle(flat);
                        break;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<string>.Shared.Return(ids, clearArray: true);
        }
    }

    private void NormalizeChildRow(DltObject obj, string table, string parentTable, string parentRowId, string? rootRowId, int idx, string childId, int level, ItemRef position)
    {
        var (flat, lists) = Flatten(table, obj, level);
        string rowId;
        if (flat.TryGet("_dlt_id", out var own) && own is string s && s.Length > 0) rowId = s;
        else rowId = childId;
        if (rootRowId is not null) flat.Set("_dlt_root_id", rootRowId);
        flat.Set("_dlt_parent_id", parentRowId);
        flat.Set("_dlt_list_idx", (long)idx);
        flat.Set("_dlt_id", rowId);
        var written = coercer.CoerceAndWrite(table, parentTable, flat, position);
        Recycle(flat);
        if (!written) return;
        foreach (var (path, list) in lists)
            NormalizeList(list, table, path, rowId, rootRowId, level - 1, position);
    }

    /// <summary>Flattens nested objects (LIFO order, spec 2.2); returns the scalar row and the lists found.</summary>
    private readonly Stack<(DltObject Dict, string[] Path, int Level)> _stack = new();
    private readonly Stack<FlatRow> _rowPool = new();

    // flattened rows are consumed by the coercer before the next row is built, so they are reused instead of allocated
    private FlatRow RentRow() => _rowPool.Count > 0 ? _rowPool.Pop() : new FlatRow();

    private void Recycle(FlatRow row)
    {
        row.Clear();
        if (_rowPool.Count < 64) _rowPool.Push(row);
    }
    private static readonly List<(string[], List<object?>)> NoLists = [];

    private (FlatRow Row, List<(string[] Path, List<object?> List)> Lists) Flatten(string table, DltObject obj, int level)
    {
        var row = RentRow();
        List<(string[], List<object?>)>? lists = null;
        var stack = _stack;
        stack.Clear();
        stack.Push((obj, [], level));
        while (stack.Count > 0)
        {
            var (dict, path, lvl) = stack.Pop();
            foreach (var (key, value) in dict)
            {
                var normKey = NormalizeKey(key);
                var nestedName = path.Length == 0 ? normKey : _naming.ShortenFragments([.. path, normKey]);
                if (value is DltObject or List<object?> && !IsNestedType(table, nestedName, lvl))
                {
                    if (value is DltObject d) stack.Push((d, [.. path, normKey], lvl - 1));
                    else (lists ??= []).Add(([.. path, normKey], (List<object?>)value));
                    continue;
                }
                row.Set(nestedName, value);
            }
        }
        return (row, lists ?? NoLists);
    }

    private bool IsNestedType(string table, string column, int level)
    {
        if (level <= 0) return true;
        if (schema.GetTable(table)?.GetColumn(column)?.DataType == DltDataType.Json) return true;
        return schema.PreferredTypes.TryGetValue(column, out var t) && t == DltDataType.Json;
    }

    private string NormalizeKey(string key)
    {
        if (_keyCache.TryGetValue(key, out var cached)) return cached;
        string normalized;
        if (string.IsNullOrWhiteSpace(key)) normalized = EmptyKey;
        else
        {
            try
            {
                normalized = _naming.NormalizePath(key);
            }
            catch (ArgumentException)
            {
                normalized = EmptyKey;
            }
        }
        if (_keyCache.Count < 100_000) _keyCache[key] = normalized;
        return normalized;
    }
}

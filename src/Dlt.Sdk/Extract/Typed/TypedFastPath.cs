using DltNet.Normalize;
using DltNet.Schema;

namespace DltNet.Extract.Typed;

/// <summary>
/// Decides whether a typed resource can take the columnar fast path, and builds its <see cref="TypedBatch"/>.
/// The fast path must give exactly the tables, columns, types and rows of the dynamic path, so it is taken only when
/// nothing the dynamic path decides per row can differ: no incremental cursor, root row ids drawn at random or, for
/// upsert and insert-only of row types without nested tables, hashed from integer, text or bool primary keys (not scd2,
/// which hashes content), the evolve contract, every column of the writer hinted in the
/// schema with the same data type, no json columns (which stop flattening), and names the naming convention keeps.
/// </summary>
internal static class TypedFastPath
{
    /// <summary>PostgreSQL's identifier limit: shorter names are the same under every destination's naming.</summary>
    private const int MaxNameLength = 63;

    public static TypedBatch? TryCreate(ITypedTableWriter writer, DltSchema schema, TableSchema root, string loadId, string jobsDir, int maxRowsPerFile)
    {
        var strategy = root.WriteDisposition == WriteDispositionKind.Merge ? root.MergeStrategy ?? MergeStrategy.DeleteInsert : (MergeStrategy?)null;
        // upsert and insert-only identify root rows by a hash of their primary key; the fast path computes it from the
        // columns once a row is complete, so only for row types without nested tables (child ids derive from the root id)
        var keyedIds = strategy is MergeStrategy.Upsert or MergeStrategy.InsertOnly;
        if (strategy == MergeStrategy.Scd2 || (keyedIds && writer.Schema.Tables.Count != 1)) return null;
        if (root.WriteDisposition == WriteDispositionKind.Merge && root.Columns.Any(c => c.ExtensionHints.ContainsKey("x-row-version")))
            return null;
        var maxNesting = root.MaxNesting ?? schema.MaxNesting ?? 1000;
        if (maxNesting < writer.NestingDepth) return null;
        if (schema.PreferredTypes.Count > 0) return null;
        var typed = writer.Schema;
        var naming = schema.Naming;
        var storeRootId = Normalizer.PropagatesRootKey(schema, root);
        var names = new string[typed.Tables.Count];
        var tables = new TypedBatchTable[typed.Tables.Count];
        for (var i = 0; i < typed.Tables.Count; i++)
        {
            var t = typed.Tables[i];
            string name;
            string? parentName = null;
            if (t.IsRoot)
            {
                if (i != 0) return null;
                name = root.Name;
            }
            else
            {
                var parentIndex = -1;
                for (var p = 0; p < i; p++)
                    if (typed.Tables[p].Path.Count == t.Path.Count - 1 && typed.Tables[p].Path.SequenceEqual(t.Path.Take(t.Path.Count - 1), StringComparer.Ordinal))
                        parentIndex = p;
                if (parentIndex < 0) return null;
                parentName = names[parentIndex];
                var level = t.Path[^1];
                name = parentName + NamingConvention.PathSeparator + level;
                // the normalizer names nested tables by shortening the path fragments: only take names it keeps as they are
                if (naming.ShortenFragments(parentName, level) != name || naming.NormalizePath(name) != name) return null;
            }
            if (name.Length > MaxNameLength) return null;
            var table = schema.GetTable(name);
            if (table is null || table.Parent != parentName) return null;
            var contract = schema.ResolveContract(name);
            if (contract.Tables != ContractMode.Evolve || contract.Columns != ContractMode.Evolve || contract.DataType != ContractMode.Evolve) return null;
            if (table.Columns.Any(c => c.DataType == DltDataType.Json)) return null;
            var columns = new List<(string, DltDataType, bool)>(t.Columns.Count);
            foreach (var tc in t.Columns)
            {
                if (tc.Name.StartsWith(DltSchema.DltPrefix, StringComparison.Ordinal) || tc.Name.Length > MaxNameLength) return null;
                if (naming.NormalizePath(tc.Name) != tc.Name) return null;
                var col = table.GetColumn(tc.Name);
                if (col is not { IsComplete: true } || col.DataType != tc.DataType) return null;
                if (col.DataType == DltDataType.Timestamp && (col.Timezone == false || col.Precision is not null)) return null;
                columns.Add((tc.Name, tc.DataType, col.IsNullable));
            }
            names[i] = name;
            tables[i] = new TypedBatchTable(name, loadId, t.IsRoot, storeRootId, columns, jobsDir, maxRowsPerFile);
            if (t.IsRoot && keyedIds)
            {
                if (KeyColumns(table, columns) is not { } keys) return null;
                // without a key the dynamic path draws random ids too (and the load then reports the missing key)
                if (keys.Length > 0) tables[i].KeyColumns = keys;
            }
        }
        return new TypedBatch(tables);
    }

    /// <summary>
    /// Indices of the primary key among the writer's columns (empty without a key), or null when a key column is missing or of a type whose JSON form in the key hash could differ from the
    /// dynamic path's (doubles and timestamps keep that path: a float or an offset would be hashed as written).
    /// </summary>
    private static int[]? KeyColumns(TableSchema table, List<(string Name, DltDataType Type, bool Nullable)> columns)
    {
        var keys = new List<int>();
        foreach (var c in table.Columns)
        {
            if (!c.PrimaryKey) continue;
            var index = columns.FindIndex(x => x.Name == c.Name);
            if (index < 0 || columns[index].Type is not (DltDataType.Bigint or DltDataType.Text or DltDataType.Bool)) return null;
            keys.Add(index);
        }
        return [.. keys];
    }
}

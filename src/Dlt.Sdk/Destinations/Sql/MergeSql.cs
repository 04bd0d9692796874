using System.Security.Cryptography;
using DltNet.Schema;

namespace DltNet.Destinations.Sql;

/// <summary>
/// The follow-up SQL of merge and scd2 table chains (spec 5.4), shared by every SQL destination through its <see cref="SqlDialect"/>.
/// Reads rows from the staging dataset and changes the final dataset; the caller runs the statements in one transaction.
/// </summary>
public sealed class MergeSql(SqlDialect dialect, string dataset, string stagingDataset)
{
    private string D(string table) => dialect.Table(dataset, table);
    private string S(string table) => dialect.Table(stagingDataset, table);
    private string Q(string c) => dialect.Quote(c);

    /// <summary>
    /// Statements merging the chain (root first) with the root's strategy. <paramref name="stagingKeysUnique"/>: the
    /// answer of <see cref="DuplicateKeysQuery"/> was empty, so delete-insert's deduplication would keep every row anyway.
    /// </summary>
    public List<string> Build(DltSchema schema, IReadOnlyList<TableSchema> chain, DateTimeOffset boundary, bool stagingKeysUnique = false)
    {
        var root = chain[0];
        var strategy = root.MergeStrategy ?? MergeStrategy.DeleteInsert;
        return strategy switch
        {
            MergeStrategy.DeleteInsert => DeleteInsert(chain, stagingKeysUnique),
            MergeStrategy.Upsert => Upsert(chain, insertOnly: false),
            MergeStrategy.InsertOnly => Upsert(chain, insertOnly: true),
            _ => Scd2(chain, boundary),
        };
    }

    private static List<string> Cols(TableSchema t) => t.Columns.Where(c => c.IsComplete).Select(c => c.Name).ToList();

    private string ColList(IEnumerable<string> cols, string? alias = null) =>
        string.Join(", ", cols.Select(c => alias is null ? Q(c) : $"{alias}.{Q(c)}"));

    private static string RowKey(TableSchema t)
    {
        var rk = t.Columns.FirstOrDefault(c => c.RowKey && c.IsComplete) ?? t.Columns.FirstOrDefault(c => c.Unique && c.IsComplete);
        if (rk is not null) return rk.Name;
        var pk = t.Columns.Where(c => c.PrimaryKey).ToList();
        if (pk.Count == 1) return pk[0].Name;
        if (t.GetColumn("_dlt_id") is not null) return "_dlt_id";
        throw new SchemaCorruptedException($"Table `{t.Name}` has no row key (no row_key/unique column and no single primary key), which merging nested tables needs.");
    }

    private static string RootKey(TableSchema nested, TableSchema root)
    {
        var rk = nested.Columns.FirstOrDefault(c => c.RootKey && c.IsComplete);
        if (rk is not null) return rk.Name;
        if (nested.Parent == root.Name) return "_dlt_parent_id";
        throw new SchemaCorruptedException($"Nested table `{nested.Name}` has no root key (_dlt_root_id) to merge with root `{root.Name}`; load it with root key propagation (merge disposition from the first load) or drop the tables.");
    }

    private (string Condition, string? Column, bool IsBool) HardDelete(TableSchema t, string alias)
    {
        var hd = t.Columns.Where(c => c.HardDelete && c.IsComplete).ToList();
        if (hd.Count > 1) throw new SchemaCorruptedException($"Table `{t.Name}` has more than one hard_delete column: {string.Join(", ", hd.Select(c => c.Name))}.");
        if (hd.Count == 0) return ("1 = 1", null, false);
        var col = hd[0];
        var prefix = alias.Length > 0 ? alias + "." : "";
        return col.DataType == DltDataType.Bool
            ? ($"({prefix}{Q(col.Name)} IS NULL OR {prefix}{Q(col.Name)} = FALSE)", col.Name, true)
            : ($"{prefix}{Q(col.Name)} IS NULL", col.Name, false);
    }

    private string DeletedCondition(string column, bool isBool, string alias) =>
        isBool ? $"{alias}.{Q(column)} = TRUE" : $"{alias}.{Q(column)} IS NOT NULL";

    private string DedupOrder(TableSchema t)
    {
        var sorts = t.Columns.Where(c => c.DedupSort is not null && c.IsComplete).ToList();
        if (sorts.Count > 1) throw new SchemaCorruptedException($"Table `{t.Name}` has more than one dedup_sort column: {string.Join(", ", sorts.Select(c => c.Name))}.");
        if (sorts.Count == 0) return "(SELECT NULL)";
        return $"{Q(sorts[0].Name)} {(sorts[0].DedupSort == DedupSort.Desc ? "DESC" : "ASC")}";
    }

    private static string TempName(string root, string kind) =>
        NamingConvention.ShortenIdentifier($"{root}_{kind}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}", root + kind, 63);

    /// <summary>
    /// For delete-insert with a primary key (and staging not declared deduplicated): a query that returns a row when a
    /// key occurs more than once in the staging root table. Null when the strategy does not deduplicate.
    /// Deduplicating with a window is the costly part of the insert (and of DuckDB's commit after it), and most loads
    /// carry each key once; grouping treats NULL keys as equal, as the window's partitions do.
    /// </summary>
    public string? DuplicateKeysQuery(IReadOnlyList<TableSchema> chain)
    {
        var root = chain[0];
        if ((root.MergeStrategy ?? MergeStrategy.DeleteInsert) != MergeStrategy.DeleteInsert || StagingDeclaredDeduplicated(root)) return null;
        var pk = PrimaryKey(root);
        return pk.Count == 0 ? null : $"SELECT 1 FROM {S(root.Name)} GROUP BY {ColList(pk)} HAVING COUNT(*) > 1 LIMIT 1";
    }

    private static List<string> PrimaryKey(TableSchema t) => t.Columns.Where(c => c.PrimaryKey && c.IsComplete).Select(c => c.Name).ToList();

    private static bool StagingDeclaredDeduplicated(TableSchema root) =>
        root.ExtensionHints.TryGetValue("x-stage-data-deduplicated", out var dd) && dd?.GetValue<bool>() == true;

    private List<string> DeleteInsert(IReadOnlyList<TableSchema> chain, bool stagingKeysUnique)
    {
        var root = chain[0];
        var sql = new List<string>();
        var pk = PrimaryKey(root);
        var mk = root.Columns.Where(c => c.MergeKey && c.IsComplete).Select(c => c.Name).ToList();
        var nested = chain.Skip(1).ToList();
        var (notDeleted, hdCol, _) = HardDelete(root, "");
        var deduplicated = StagingDeclaredDeduplicated(root) || stagingKeysUnique;
        var cols = Cols(root);

        if (pk.Count > 0 || mk.Count > 0)
        {
            var conditions = new List<string>();
            if (pk.Count > 0) conditions.Add("(" + string.Join(" AND ", pk.Select(c => $"d.{Q(c)} = s.{Q(c)}")) + ")");
            if (mk.Count > 0) conditions.Add("(" + string.Join(" AND ", mk.Select(c => $"d.{Q(c)} = s.{Q(c)}")) + ")");
            var keyCondition = string.Join(" OR ", conditions);
            if (nested.Count == 0)
            {
                sql.Add($"DELETE FROM {D(root.Name)} AS d WHERE EXISTS (SELECT 1 FROM {S(root.Name)} AS s WHERE {keyCondition})");
            }
            else
            {
                var rk = RowKey(root);
                var deleteTemp = TempName(root.Name, "delete");
                sql.Add(dialect.CreateTempTableAs(deleteTemp, $"SELECT d.{Q(rk)} FROM {D(root.Name)} AS d WHERE EXISTS (SELECT 1 FROM {S(root.Name)} AS s WHERE {keyCondition})"));
                foreach (var n in nested)
                    sql.Add($"DELETE FROM {D(n.Name)} WHERE {Q(RootKey(n, root))} IN (SELECT * FROM {Q(deleteTemp)})");
                sql.Add($"DELETE FROM {D(root.Name)} WHERE {Q(rk)} IN (SELECT * FROM {Q(deleteTemp)})");
                sql.Add(dialect.DropTempTable(deleteTemp));
            }
        }

        string? insertTemp = null;
        var dedup = pk.Count > 0 && !deduplicated;
        var order = DedupOrder(root);
        if (nested.Count > 0 && (pk.Count > 0 || hdCol is not null))
        {
            var rk = RowKey(root);
            insertTemp = TempName(root.Name, "insert");
            var select = dedup
                ? $"SELECT {Q(rk)} FROM (SELECT ROW_NUMBER() OVER (PARTITION BY {ColList(pk)} ORDER BY {order}) AS _dlt_dedup_rn, {ColList(cols)} FROM {S(root.Name)}) AS _dlt_t WHERE _dlt_dedup_rn = 1 AND {notDeleted}"
                : $"SELECT {Q(rk)} FROM {S(root.Name)} WHERE {notDeleted}";
            sql.Add(dialect.CreateTempTableAs(insertTemp, select));
        }

        if (insertTemp is not null)
            sql.Add($"INSERT INTO {D(root.Name)} ({ColList(cols)}) SELECT {ColList(cols)} FROM {S(root.Name)} WHERE {Q(RowKey(root))} IN (SELECT * FROM {Q(insertTemp)})");
        else if (dedup)
            sql.Add($"INSERT INTO {D(root.Name)} ({ColList(cols)}) SELECT {ColList(cols)} FROM (SELECT ROW_NUMBER() OVER (PARTITION BY {ColList(pk)} ORDER BY {order}) AS _dlt_dedup_rn, {ColList(cols)} FROM {S(root.Name)}) AS _dlt_t WHERE _dlt_dedup_rn = 1 AND {notDeleted}");
        else
            sql.Add($"INSERT INTO {D(root.Name)} ({ColList(cols)}) SELECT {ColList(cols)} FROM {S(root.Name)} WHERE {notDeleted}");

        foreach (var n in nested)
        {
            var ncols = Cols(n);
            var nrk = RowKey(n);
            var from = $"(SELECT ROW_NUMBER() OVER (PARTITION BY {Q(nrk)} ORDER BY (SELECT NULL)) AS _dlt_dedup_rn, {ColList(ncols)} FROM {S(n.Name)}) AS _dlt_t";
            var where = "_dlt_dedup_rn = 1" + (insertTemp is not null ? $" AND {Q(RootKey(n, root))} IN (SELECT * FROM {Q(insertTemp)})" : "");
            sql.Add($"INSERT INTO {D(n.Name)} ({ColList(ncols)}) SELECT {ColList(ncols)} FROM {from} WHERE {where}");
        }
        if (insertTemp is not null) sql.Add(dialect.DropTempTable(insertTemp));
        return sql;
    }

    private List<string> Upsert(IReadOnlyList<TableSchema> chain, bool insertOnly)
    {
        var root = chain[0];
        var strategyName = insertOnly ? "insert-only" : "upsert";
        var pk = PrimaryKey(root);
        if (pk.Count == 0)
            throw new SchemaCorruptedException($"Table `{root.Name}` uses merge strategy `{strategyName}`, which needs a primary key; declare primaryKey on the resource or a column hint primary_key: true.");
        var sql = new List<string>();
        var cols = Cols(root);
        var (notDeleted, hdCol, hdBool) = HardDelete(root, "s");
        var on = string.Join(" AND ", pk.Select(c => $"d.{Q(c)} = s.{Q(c)}"));
        var insert = $"INSERT ({ColList(cols)}) VALUES ({ColList(cols, "s")})";
        if (insertOnly)
        {
            var source = hdCol is null ? S(root.Name) : $"(SELECT * FROM {S(root.Name)} AS s WHERE {notDeleted})";
            sql.Add($"MERGE INTO {D(root.Name)} AS d USING {source} AS s ON {on} WHEN NOT MATCHED THEN {insert}");
        }
        else
        {
            var update = "UPDATE SET " + string.Join(", ", cols.Select(c => $"{Q(c)} = s.{Q(c)}"));
            var merge = $"MERGE INTO {D(root.Name)} AS d USING {S(root.Name)} AS s ON {on}";
            if (hdCol is not null)
                merge += $" WHEN MATCHED AND {DeletedCondition(hdCol, hdBool, "s")} THEN DELETE WHEN MATCHED AND {notDeleted} THEN {update} WHEN NOT MATCHED AND {notDeleted} THEN {insert}";
            else
                merge += $" WHEN MATCHED THEN {update} WHEN NOT MATCHED THEN {insert}";
            sql.Add(merge);
        }
        var rk = RowKey(root);
        foreach (var n in chain.Skip(1))
        {
            var ncols = Cols(n);
            var nrk = RowKey(n);
            var rootKey = RootKey(n, root);
            var nInsert = $"INSERT ({ColList(ncols)}) VALUES ({ColList(ncols, "s")})";
            if (insertOnly)
            {
                sql.Add($"MERGE INTO {D(n.Name)} AS d USING {S(n.Name)} AS s ON d.{Q(nrk)} = s.{Q(nrk)} WHEN NOT MATCHED THEN {nInsert}");
                continue;
            }
            var nUpdate = "UPDATE SET " + string.Join(", ", ncols.Select(c => $"{Q(c)} = s.{Q(c)}"));
            sql.Add($"MERGE INTO {D(n.Name)} AS d USING {S(n.Name)} AS s ON d.{Q(nrk)} = s.{Q(nrk)} WHEN MATCHED THEN {nUpdate} WHEN NOT MATCHED THEN {nInsert}");
            sql.Add($"DELETE FROM {D(n.Name)} WHERE {Q(rootKey)} IN (SELECT {Q(rk)} FROM {S(root.Name)}) AND {Q(nrk)} NOT IN (SELECT {Q(nrk)} FROM {S(n.Name)})");
            if (hdCol is not null)
                sql.Add($"DELETE FROM {D(n.Name)} WHERE {Q(rootKey)} IN (SELECT s.{Q(rk)} FROM {S(root.Name)} AS s WHERE {DeletedCondition(hdCol, hdBool, "s")})");
        }
        return sql;
    }

    private List<string> Scd2(IReadOnlyList<TableSchema> chain, DateTimeOffset packageTime)
    {
        var root = chain[0];
        var from = root.Columns.FirstOrDefault(c => c.ExtensionHints.ContainsKey("x-valid-from"))?.Name ?? "_dlt_valid_from";
        var toCol = root.Columns.FirstOrDefault(c => c.ExtensionHints.ContainsKey("x-valid-to"));
        var to = toCol?.Name ?? "_dlt_valid_to";
        var hash = root.Columns.FirstOrDefault(c => c.ExtensionHints.ContainsKey("x-row-version"))?.Name ?? "_dlt_id";
        var boundary = packageTime;
        if (root.ExtensionHints.TryGetValue("x-boundary-timestamp", out var bt) && bt is not null
            && TypeCoercion.TryParseIsoTimestamp(bt.GetValue<string>(), out var parsed))
            boundary = parsed;
        var boundaryLiteral = dialect.TimestampLiteral(boundary);
        string activeLiteral = "NULL";
        string active = $"{Q(to)} IS NULL";
        if (toCol?.ExtensionHints.GetValueOrDefault("x-active-record-timestamp") is { } art
            && TypeCoercion.TryParseIsoTimestamp(art.GetValue<string>(), out var activeTs))
        {
            activeLiteral = dialect.TimestampLiteral(activeTs);
            active = $"{Q(to)} = {activeLiteral}";
        }
        var mk = root.Columns.Where(c => c.MergeKey && c.IsComplete).Select(c => c.Name).ToList();
        var sql = new List<string>();
        var retire = $"UPDATE {D(root.Name)} SET {Q(to)} = {boundaryLiteral} WHERE {active} AND {Q(hash)} NOT IN (SELECT {Q(hash)} FROM {S(root.Name)})";
        if (mk.Count == 1) retire += $" AND {Q(mk[0])} IN (SELECT {Q(mk[0])} FROM {S(root.Name)})";
        else if (mk.Count > 1)
        {
            var concat = "CONCAT(" + string.Join(", ", mk.Select(Q)) + ")";
            retire += $" AND {concat} IN (SELECT {concat} FROM {S(root.Name)})";
        }
        sql.Add(retire);
        var cols = Cols(root).Where(c => c != from && c != to).ToList();
        sql.Add($"INSERT INTO {D(root.Name)} ({ColList(cols)}, {Q(from)}, {Q(to)}) SELECT {ColList(cols)}, {boundaryLiteral}, {activeLiteral} FROM {S(root.Name)} WHERE {Q(hash)} NOT IN (SELECT {Q(hash)} FROM {D(root.Name)} WHERE {active})");
        foreach (var n in chain.Skip(1))
        {
            var ncols = Cols(n);
            var nrk = RowKey(n);
            sql.Add($"INSERT INTO {D(n.Name)} ({ColList(ncols)}) SELECT {ColList(ncols)} FROM {S(n.Name)} WHERE {Q(nrk)} NOT IN (SELECT {Q(nrk)} FROM {D(n.Name)})");
        }
        return sql;
    }
}

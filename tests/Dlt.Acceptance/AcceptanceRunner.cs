using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Extract;
using DltNet.Schema;

namespace DltNet.Acceptance;

/// <summary>Outcome of one case.</summary>
public sealed record CaseResult(string Name, bool Passed, string? Reason);

/// <summary>
/// Runs the language-neutral acceptance cases (format in cases/README.md) against the real engine: one fresh pipeline
/// and destination dataset per case (a DuckDB file, or a PostgreSQL schema: see <see cref="AcceptanceTarget"/>), runs in
/// order, expectations checked after each run.
/// </summary>
public static class AcceptanceRunner
{
    /// <summary>Case files of a folder (or the given files), sorted.</summary>
    public static IReadOnlyList<string> FindCases(IEnumerable<string> foldersOrFiles)
    {
        var files = new List<string>();
        foreach (var p in foldersOrFiles)
        {
            if (Directory.Exists(p)) files.AddRange(Directory.GetFiles(p, "*.json"));
            else if (File.Exists(p)) files.Add(p);
            else throw new FileNotFoundException($"No case file or folder at {p}");
        }
        return files.Select(Path.GetFullPath).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The default case folder: $DLT_ACCEPTANCE_CASES, else the bundled copy.</summary>
    public static string DefaultCasesFolder() =>
        Environment.GetEnvironmentVariable("DLT_ACCEPTANCE_CASES") is { Length: > 0 } env ? env : Path.Combine(AppContext.BaseDirectory, "cases");

    /// <summary>Runs one case file against DuckDB.</summary>
    public static CaseResult RunCase(string file) => RunCase(file, AcceptanceTarget.DuckDb);

    /// <summary>Runs one case file against a destination.</summary>
    public static CaseResult RunCase(string file, AcceptanceTarget target)
    {
        var doc = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var name = Path.GetFileNameWithoutExtension(file);
        var work = Path.Combine(Path.GetTempPath(), "dlt-acceptance", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        CaseDatabase? db = null;
        try
        {
            db = target.CreateCase(name, work);
            var pipeline = Dlt.Pipeline("acc_pipeline", db.Destination, db.DatasetName, Path.Combine(work, "pipelines"));
            var runs = doc["runs"]!.AsArray();
            for (var i = 0; i < runs.Count; i++)
            {
                var run = runs[i]!.AsObject();
                var expectError = run["expect_error"]?.GetValue<string>();
                Exception? error = null;
                try
                {
                    Execute(pipeline, run);
                }
                catch (Exception e)
                {
                    error = e;
                }
                if (expectError is null && error is not null)
                    return new CaseResult(name, false, $"run {i}: unexpected error: {Flatten(error)}");
                if (expectError is not null)
                {
                    if (error is null) return new CaseResult(name, false, $"run {i}: expected {expectError} but the run succeeded");
                    if (!ChainHas(error, expectError)) return new CaseResult(name, false, $"run {i}: expected {expectError} in the cause chain, got {Flatten(error)}");
                }
                if (run["expect"] is JsonObject expect)
                {
                    var problem = Check(db, expect);
                    if (problem is not null) return new CaseResult(name, false, $"run {i}: {problem}");
                }
            }
            return new CaseResult(name, true, null);
        }
        catch (Exception e)
        {
            return new CaseResult(name, false, "runner error: " + Flatten(e));
        }
        finally
        {
            try { db?.Dispose(); } catch (Exception e) { Console.Error.WriteLine($"cleanup of {name} on {target.Name} failed: {e.Message}"); }
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            parts.Add($"{(x is DltException d ? d.ErrorCode : x.GetType().Name)}: {x.Message.Split('\n')[0]}");
        return string.Join(" <- ", parts);
    }

    private static bool ChainHas(Exception e, string name)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x.GetType().Name == name || (x is DltException d && d.ErrorCode == name)) return true;
        return false;
    }

    private static void Execute(Pipeline pipeline, JsonObject run)
    {
        var args = run["args"] as JsonObject ?? new JsonObject();
        var data = run["data"];
        string? tableName = args["table_name"]?.GetValue<string>();
        WriteDisposition? wd = args["write_disposition"] is { } w ? WriteDisposition.FromJson(w) : null;
        KeyList? pk = Keys(args["primary_key"]);
        KeyList? mk = Keys(args["merge_key"]);
        List<ColumnSchema>? columns = args["columns"] is JsonArray cols ? cols.Select(c => ColumnSchema.FromJson(c!.AsObject())).ToList() : null;
        SchemaContract? contract = args["schema_contract"] is { } sc ? SchemaContract.FromJson(sc) : null;
        Refresh? refresh = args["refresh"] is { } rf ? (Refresh)rf.GetValue<string>()! : null;
        int? nesting = args["max_table_nesting"]?.GetValue<int>();

        Incremental? MakeIncremental()
        {
            if (args["incremental"] is not JsonObject inc) return null;
            return new Incremental(inc["cursor_path"]!.GetValue<string>(),
                initialValue: inc["initial_value"] is { } iv ? ItemConverter.FromJsonNode(iv) : null,
                lastValueFunc: inc["last_value_func"]?.GetValue<string>() ?? "max",
                primaryKey: Keys(inc["primary_key"]));
        }

        object payload;
        if (data is JsonObject obj && obj["resources"] is JsonObject resources)
        {
            payload = resources.Select(kv => Dlt.Resource(kv.Value!.AsArray().Select(x => (object?)x?.DeepClone()).ToList(), kv.Key, incremental: MakeIncremental())).ToList();
            tableName = null;
        }
        else
        {
            var items = data!.AsArray().Select(x => (object?)x?.DeepClone()).ToList();
            payload = Dlt.Resource(items, tableName ?? "items", incremental: MakeIncremental());
        }
        pipeline.Run(payload, tableName: tableName, writeDisposition: wd, columns: columns, primaryKey: pk, mergeKey: mk,
            schemaContract: contract, refresh: refresh, maxTableNesting: nesting);
    }

    private static KeyList? Keys(JsonNode? node) => node switch
    {
        null => null,
        JsonArray a => new KeyList(a.Select(x => x!.GetValue<string>())),
        _ => node.GetValue<string>(),
    };

    // ---------------- expectations ----------------

    private static string? Check(CaseDatabase db, JsonObject expect)
    {
        using var conn = db.OpenReader();
        if (conn is null)
        {
            if (expect["tables"] is JsonObject t0 && t0.Count > 0) return "no database was created";
            return null;
        }
        var columnsByTable = conn.Columns();
        if (expect["absent_tables"] is JsonArray absent)
            foreach (var t in absent)
                if (columnsByTable.ContainsKey(t!.GetValue<string>())) return $"table {t} should not exist";
        if (expect["absent_columns"] is JsonObject absentCols)
            foreach (var (t, cols) in absentCols)
                if (columnsByTable.TryGetValue(t, out var existing))
                    foreach (var c in cols!.AsArray())
                        if (existing.Any(e => e.Name == c!.GetValue<string>())) return $"column {t}.{c} should not exist";
        if (expect["tables"] is not JsonObject tables) return null;
        var rowCache = new Dictionary<string, List<Dictionary<string, object?>>>(StringComparer.Ordinal);
        foreach (var (table, specNode) in tables)
        {
            var spec = specNode!.AsObject();
            if (!columnsByTable.TryGetValue(table, out var actualCols))
                return $"table {table} does not exist (tables: {string.Join(", ", columnsByTable.Keys)})";
            if (spec["columns"] is JsonObject expCols)
            {
                foreach (var (col, typeNode) in expCols)
                {
                    var actual = actualCols.FirstOrDefault(c => c.Name == col);
                    if (actual.Name is null) return $"table {table}: column {col} missing (has {string.Join(", ", actualCols.Select(c => c.Name))})";
                    var expType = typeNode!.GetValue<string>();
                    if (conn.DltTypeOf(actual.Type) != expType) return $"table {table}: column {col} is {actual.Type}, expected {expType} ({conn.DestinationTypeOf(expType)})";
                }
                if (spec["exact_columns"]?.GetValue<bool>() == true)
                {
                    var extra = actualCols.Select(c => c.Name).Except(expCols.Select(kv => kv.Key)).ToList();
                    if (extra.Count > 0) return $"table {table}: unexpected columns {string.Join(", ", extra)}";
                }
            }
            var rows = ReadRows(conn, table, actualCols, rowCache);
            if (spec["row_count"] is { } rc && rc.GetValue<int>() != rows.Count) return $"table {table}: {rows.Count} rows, expected {rc}";
            if (spec["rows"] is JsonArray expRows)
            {
                if (expRows.Count != rows.Count) return $"table {table}: {rows.Count} rows, expected {expRows.Count}";
                var parent = spec["parent"]?.GetValue<string>();
                var types = actualCols.ToDictionary(c => c.Name, c => conn.DltTypeOf(c.Type));
                var used = new bool[rows.Count];
                if (!Match(expRows.Select(x => x!.AsObject()).ToList(), 0, rows, used, types, parent, conn, columnsByTable, rowCache))
                    return $"table {table}: rows do not match. actual: {Describe(rows)}";
            }
        }
        return null;
    }

    private static string Describe(List<Dictionary<string, object?>> rows) =>
        string.Join(" | ", rows.Take(10).Select(r => string.Join(", ", r.Where(kv => kv.Key is not ("_dlt_id" or "_dlt_load_id" or "_dlt_parent_id" or "_dlt_root_id")).Select(kv => $"{kv.Key}={kv.Value ?? "null"}"))));

    private static bool Match(List<JsonObject> expected, int i, List<Dictionary<string, object?>> rows, bool[] used, Dictionary<string, string> types,
        string? parent, CaseReader conn, Dictionary<string, List<(string, string)>> columnsByTable, Dictionary<string, List<Dictionary<string, object?>>> cache)
    {
        if (i == expected.Count) return true;
        for (var r = 0; r < rows.Count; r++)
        {
            if (used[r] || !RowMatches(expected[i], rows[r], types, parent, conn, columnsByTable, cache)) continue;
            used[r] = true;
            if (Match(expected, i + 1, rows, used, types, parent, conn, columnsByTable, cache)) return true;
            used[r] = false;
        }
        return false;
    }

    private static bool RowMatches(JsonObject exp, Dictionary<string, object?> row, Dictionary<string, string> types, string? parent,
        CaseReader conn, Dictionary<string, List<(string, string)>> columnsByTable, Dictionary<string, List<Dictionary<string, object?>>> cache)
    {
        foreach (var (col, ev) in exp)
        {
            if (col == "$parent")
            {
                if (parent is null || !columnsByTable.TryGetValue(parent, out var pcols)) return false;
                var prow = ReadRows(conn, parent, pcols, cache);
                var ptypes = pcols.ToDictionary(c => c.Item1, c => conn.DltTypeOf(c.Item2));
                var matches = prow.Where(p => Equals(p.GetValueOrDefault("_dlt_id"), row.GetValueOrDefault("_dlt_parent_id"))).ToList();
                if (matches.Count != 1) return false;
                foreach (var (pc, pv) in ev!.AsObject())
                    if (!ValueMatches(pv, matches[0], pc, ptypes)) return false;
                continue;
            }
            if (!ValueMatches(ev, row, col, types)) return false;
        }
        return true;
    }

    private static bool ValueMatches(JsonNode? expected, Dictionary<string, object?> row, string col, Dictionary<string, string> types)
    {
        if (!row.TryGetValue(col, out var actual)) return expected is null && false;
        if (expected is JsonObject o && o["$not_null"] is not null) return actual is not null;
        if (expected is null) return actual is null;
        if (actual is null) return false;
        var type = types.GetValueOrDefault(col, "text");
        try
        {
            switch (type)
            {
                case "bigint": return Convert.ToInt64(actual, CultureInfo.InvariantCulture) == expected.GetValue<long>();
                case "double":
                    var a = Convert.ToDouble(actual, CultureInfo.InvariantCulture);
                    var e = expected.GetValue<double>();
                    return a == e || Math.Abs(a - e) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(e));
                case "bool": return (bool)actual == expected.GetValue<bool>();
                case "timestamp":
                    return TypeCoercion.TryParseIsoTimestamp(expected.GetValue<string>(), out var ts)
                           && (ts.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10 == Convert.ToInt64(actual, CultureInfo.InvariantCulture);
                case "date": return (string)actual == expected.GetValue<string>();
                case "time": return TimeOnly.Parse((string)actual, CultureInfo.InvariantCulture) == TimeOnly.Parse(expected.GetValue<string>(), CultureInfo.InvariantCulture);
                case "decimal": return decimal.Parse((string)actual, CultureInfo.InvariantCulture) == decimal.Parse(expected.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                case "json": return JsonEquals(JsonNode.Parse((string)actual), expected);
                case "binary": return Convert.FromBase64String(expected.GetValue<string>()).SequenceEqual(Convert.FromBase64String((string)actual));
                default: return expected.GetValueKind() == JsonValueKind.String && (string)actual == expected.GetValue<string>();
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidCastException)
        {
            return false;
        }
    }

    private static bool JsonEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is JsonObject oa && b is JsonObject ob)
            return oa.Count == ob.Count && oa.All(kv => ob.ContainsKey(kv.Key) && JsonEquals(kv.Value, ob[kv.Key]));
        if (a is JsonArray aa && b is JsonArray ab)
            return aa.Count == ab.Count && aa.Zip(ab).All(p => JsonEquals(p.First, p.Second));
        if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
            return a.GetValue<double>() == b.GetValue<double>();
        return a.ToJsonString() == b.ToJsonString();
    }

    private static List<Dictionary<string, object?>> ReadRows(CaseReader conn, string table, List<(string Name, string Type)> cols,
        Dictionary<string, List<Dictionary<string, object?>>> cache)
    {
        if (cache.TryGetValue(table, out var cached)) return cached;
        var rows = conn.ReadRows(table, cols);
        cache[table] = rows;
        return rows;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DltNet.Schema;

/// <summary>
/// A dlt schema: named set of tables with settings and normalizer configuration, versioned and hashed
/// like dlt's stored schema (spec 4.3–4.5). Saved as <c>schemas/&lt;name&gt;.schema.json</c> in the pipeline folder
/// and as a row of <c>_dlt_version</c> in the destination.
/// </summary>
public sealed class DltSchema
{
    /// <summary>Schema engine version written by this library (dlt 1.26 uses 11).</summary>
    public const int EngineVersion = 11;
    /// <summary>Prefix of dlt's own tables and columns.</summary>
    public const string DltPrefix = "_dlt";
    /// <summary><c>_dlt_version</c></summary>
    public const string VersionTableName = "_dlt_version";
    /// <summary><c>_dlt_loads</c></summary>
    public const string LoadsTableName = "_dlt_loads";
    /// <summary><c>_dlt_pipeline_state</c></summary>
    public const string StateTableName = "_dlt_pipeline_state";

    private readonly List<TableSchema> _tables = [];
    private readonly Dictionary<string, TableSchema> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates an empty schema with dlt's default settings and system tables.</summary>
    public DltSchema(string name)
    {
        Name = name;
        Detections = ["iso_timestamp"];
        DefaultHints = new(StringComparer.Ordinal)
        {
            ["not_null"] = ["_dlt_id", "_dlt_root_id", "_dlt_parent_id", "_dlt_list_idx", "_dlt_load_id"],
            ["parent_key"] = ["_dlt_parent_id"],
            ["root_key"] = ["_dlt_root_id"],
            ["unique"] = ["_dlt_id"],
            ["row_key"] = ["_dlt_id"],
        };
        AddSystemTables();
    }

    /// <summary>Schema name (a valid identifier).</summary>
    public string Name { get; }
    /// <summary>Content version, +1 on every change.</summary>
    public int Version { get; private set; } = 1;
    /// <summary>Hash of the content (sha3-256, base64).</summary>
    public string VersionHash { get; private set; } = "";
    /// <summary>Hash of the schema file this schema was last imported from (<c>imported_version_hash</c>).</summary>
    public string? ImportedVersionHash { get; set; }
    /// <summary>Up to 10 earlier hashes, newest first.</summary>
    public List<string> PreviousHashes { get; } = [];
    /// <summary>Enabled type detections (default: <c>iso_timestamp</c>).</summary>
    public List<string> Detections { get; }
    /// <summary>Default hints applied to new columns by name.</summary>
    public Dictionary<string, List<string>> DefaultHints { get; }
    /// <summary>Preferred types of new columns by name (exact or <c>re:</c> regex).</summary>
    public Dictionary<string, DltDataType> PreferredTypes { get; } = new(StringComparer.Ordinal);
    /// <summary>Source-level schema contract (<c>settings.schema_contract</c>).</summary>
    public SchemaContract? SchemaContract { get; set; }
    /// <summary>Source-level max table nesting (<c>normalizers.json.config.max_nesting</c>).</summary>
    public int? MaxNesting { get; set; }
    /// <summary>Root tables whose <c>_dlt_id</c> is propagated as <c>_dlt_root_id</c> into nested rows.</summary>
    public SortedSet<string> RootKeyPropagation { get; } = new(StringComparer.Ordinal);
    /// <summary>The naming convention (snake_case).</summary>
    public NamingConvention Naming { get; set; } = NamingConvention.SnakeCase;

    /// <summary>All tables, system tables included, in creation order.</summary>
    public IReadOnlyList<TableSchema> Tables => _tables;

    /// <summary>Tables that hold user data (not starting with <c>_dlt</c>).</summary>
    public IEnumerable<TableSchema> DataTables => _tables.Where(t => !IsDltTable(t.Name));

    /// <summary>True for dlt's own tables.</summary>
    public static bool IsDltTable(string name) => name.StartsWith(DltPrefix, StringComparison.Ordinal);

    /// <summary>Finds a table.</summary>
    public TableSchema? GetTable(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Adds a table or returns the existing one.</summary>
    public TableSchema AddTable(TableSchema table)
    {
        if (_byName.TryGetValue(table.Name, out var existing)) return existing;
        _byName[table.Name] = table;
        _tables.Add(table);
        return table;
    }

    /// <summary>Removes a table (refresh).</summary>
    internal void RemoveTable(string name)
    {
        if (_byName.Remove(name, out var t)) _tables.Remove(t);
        RootKeyPropagation.Remove(name);
    }

    /// <summary>The root table of a (possibly nested) table.</summary>
    public TableSchema GetRootTable(string name)
    {
        var t = GetTable(name) ?? throw new KeyNotFoundException($"Table '{name}' is not in schema '{Name}'.");
        while (t.Parent is not null) t = GetTable(t.Parent) ?? throw new InvalidOperationException($"Parent '{t.Parent}' of table '{t.Name}' is missing in schema '{Name}'.");
        return t;
    }

    /// <summary>Root table followed by all its nested tables, parents before children.</summary>
    public List<TableSchema> GetTableChain(string rootName)
    {
        var result = new List<TableSchema>();
        if (GetTable(rootName) is not { } root) return result;
        var queue = new Queue<TableSchema>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            result.Add(t);
            foreach (var child in _tables.Where(c => c.Parent == t.Name)) queue.Enqueue(child);
        }
        return result;
    }

    /// <summary>Write disposition, inherited from the root for nested tables.</summary>
    public WriteDispositionKind GetWriteDisposition(string tableName)
    {
        var t = GetTable(tableName);
        while (t is not null)
        {
            if (t.WriteDisposition is { } wd) return wd;
            t = t.Parent is null ? null : GetTable(t.Parent);
        }
        return WriteDispositionKind.Append;
    }

    /// <summary>Merge strategy of the table chain (default delete-insert).</summary>
    public MergeStrategy GetMergeStrategy(string tableName) => GetRootTable(tableName).MergeStrategy ?? MergeStrategy.DeleteInsert;

    /// <summary>Contract resolved for a table: table hint, then parents, then the schema setting, then evolve.</summary>
    public SchemaContract ResolveContract(string tableName, SchemaContract? runContract = null)
    {
        if (runContract is not null) return runContract;
        var t = GetTable(tableName);
        while (t is not null)
        {
            if (t.SchemaContract is { } sc) return sc;
            t = t.Parent is null ? null : GetTable(t.Parent);
        }
        return SchemaContract ?? SchemaContract.Evolve;
    }

    private void AddSystemTables()
    {
        var version = new TableSchema(VersionTableName) { WriteDisposition = WriteDispositionKind.Skip, Resource = VersionTableName, Description = "Created by DLT. Tracks schema updates" };
        version.AddOrMergeColumn(new ColumnSchema("version", DltDataType.Bigint) { Nullable = false });
        version.AddOrMergeColumn(new ColumnSchema("engine_version", DltDataType.Bigint) { Nullable = false });
        version.AddOrMergeColumn(new ColumnSchema("inserted_at", DltDataType.Timestamp) { Nullable = false });
        version.AddOrMergeColumn(new ColumnSchema("schema_name", DltDataType.Text) { Nullable = false });
        version.AddOrMergeColumn(new ColumnSchema("version_hash", DltDataType.Text) { Nullable = false });
        version.AddOrMergeColumn(new ColumnSchema("schema", DltDataType.Text) { Nullable = false });
        AddTable(version);
        var loads = new TableSchema(LoadsTableName) { WriteDisposition = WriteDispositionKind.Skip, Resource = LoadsTableName, Description = "Created by DLT. Tracks completed loads" };
        loads.AddOrMergeColumn(new ColumnSchema("load_id", DltDataType.Text) { Nullable = false, Precision = 64 });
        loads.AddOrMergeColumn(new ColumnSchema("schema_name", DltDataType.Text) { Nullable = true });
        loads.AddOrMergeColumn(new ColumnSchema("status", DltDataType.Bigint) { Nullable = false });
        loads.AddOrMergeColumn(new ColumnSchema("inserted_at", DltDataType.Timestamp) { Nullable = false });
        loads.AddOrMergeColumn(new ColumnSchema("schema_version_hash", DltDataType.Text) { Nullable = true });
        AddTable(loads);
    }

    /// <summary>Adds the <c>_dlt_pipeline_state</c> table (once state is extracted into this schema).</summary>
    public TableSchema EnsureStateTable()
    {
        if (GetTable(StateTableName) is { } existing) return existing;
        var state = new TableSchema(StateTableName) { WriteDisposition = WriteDispositionKind.Append, Resource = StateTableName, FileFormat = "preferred" };
        state.AddOrMergeColumn(new ColumnSchema("version", DltDataType.Bigint) { Nullable = false });
        state.AddOrMergeColumn(new ColumnSchema("engine_version", DltDataType.Bigint) { Nullable = false });
        state.AddOrMergeColumn(new ColumnSchema("pipeline_name", DltDataType.Text) { Nullable = false });
        state.AddOrMergeColumn(new ColumnSchema("state", DltDataType.Text) { Nullable = false });
        state.AddOrMergeColumn(new ColumnSchema("created_at", DltDataType.Timestamp) { Nullable = false });
        state.AddOrMergeColumn(new ColumnSchema("version_hash", DltDataType.Text) { Nullable = true });
        state.AddOrMergeColumn(new ColumnSchema("_dlt_load_id", DltDataType.Text) { Nullable = false, Precision = 64 });
        return AddTable(state);
    }

    /// <summary>Default hint names that match a column name.</summary>
    internal bool HasDefaultHint(string hint, string columnName) =>
        DefaultHints.TryGetValue(hint, out var names) && names.Contains(columnName);

    /// <summary>Deep copy.</summary>
    public DltSchema Clone()
    {
        var s = new DltSchema(Name) { SchemaContract = SchemaContract, MaxNesting = MaxNesting, Naming = Naming, ImportedVersionHash = ImportedVersionHash };
        s._tables.Clear();
        s._byName.Clear();
        foreach (var t in _tables) s.AddTable(t.Clone());
        s.Version = Version;
        s.VersionHash = VersionHash;
        s.PreviousHashes.AddRange(PreviousHashes);
        s.Detections.Clear();
        s.Detections.AddRange(Detections);
        s.DefaultHints.Clear();
        foreach (var (k, v) in DefaultHints) s.DefaultHints[k] = [.. v];
        foreach (var (k, v) in PreferredTypes) s.PreferredTypes[k] = v;
        foreach (var r in RootKeyPropagation) s.RootKeyPropagation.Add(r);
        return s;
    }

    /// <summary>dlt's stored schema document.</summary>
    public JsonObject ToJson(bool includeVersion = true)
    {
        var tables = new JsonObject();
        foreach (var t in _tables) tables[t.Name] = t.ToJson();
        var defaultHints = new JsonObject();
        foreach (var (k, v) in DefaultHints) defaultHints[k] = new JsonArray([.. v.Select(x => (JsonNode)JsonValue.Create(x))]);
        var settings = new JsonObject
        {
            ["detections"] = new JsonArray([.. Detections.Select(x => (JsonNode)JsonValue.Create(x))]),
            ["default_hints"] = defaultHints,
        };
        if (PreferredTypes.Count > 0)
        {
            var pt = new JsonObject();
            foreach (var (k, v) in PreferredTypes) pt[k] = v.ToDltName();
            settings["preferred_types"] = pt;
        }
        if (SchemaContract is { } sc) settings["schema_contract"] = sc.ToJson();
        var config = new JsonObject();
        if (MaxNesting is { } mn) config["max_nesting"] = mn;
        if (RootKeyPropagation.Count > 0)
        {
            var propTables = new JsonObject();
            foreach (var r in RootKeyPropagation) propTables[r] = new JsonObject { ["_dlt_id"] = "_dlt_root_id" };
            config["propagation"] = new JsonObject { ["tables"] = propTables };
        }
        var json = new JsonObject { ["module"] = "dlt.common.normalizers.json.relational" };
        if (config.Count > 0) json["config"] = config;
        var doc = new JsonObject();
        if (includeVersion)
        {
            doc["version"] = Version;
            doc["version_hash"] = VersionHash;
        }
        doc["engine_version"] = EngineVersion;
        doc["name"] = Name;
        doc["tables"] = tables;
        doc["settings"] = settings;
        doc["normalizers"] = new JsonObject { ["names"] = Naming.Name, ["json"] = json };
        if (includeVersion)
        {
            doc["previous_hashes"] = new JsonArray([.. PreviousHashes.Select(x => (JsonNode)JsonValue.Create(x))]);
            if (ImportedVersionHash is not null) doc["imported_version_hash"] = ImportedVersionHash;
        }
        return doc;
    }

    /// <summary>Serializes the stored schema as indented JSON.</summary>
    public string ToJsonString(bool indented = true) => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    /// <summary>Reads a dlt stored schema document (JSON).</summary>
    public static DltSchema FromJson(JsonObject doc)
    {
        var name = doc["name"]?.GetValue<string>() ?? throw new ArgumentException("A stored schema needs a name.");
        var s = new DltSchema(name);
        s._tables.Clear();
        s._byName.Clear();
        if (doc["tables"] is JsonObject tables)
            foreach (var (tn, tv) in tables) s.AddTable(TableSchema.FromJson((JsonObject)tv!, tn));
        if (s.GetTable(VersionTableName) is null || s.GetTable(LoadsTableName) is null)
        {
            var fresh = new DltSchema(name);
            foreach (var sys in fresh._tables) if (s.GetTable(sys.Name) is null) s.AddTable(sys);
        }
        s.Version = doc["version"]?.GetValue<int>() ?? 1;
        s.VersionHash = doc["version_hash"]?.GetValue<string>() ?? "";
        s.ImportedVersionHash = doc["imported_version_hash"]?.GetValue<string>();
        if (doc["previous_hashes"] is JsonArray ph) s.PreviousHashes.AddRange(ph.Select(x => x!.GetValue<string>()));
        if (doc["settings"] is JsonObject settings)
        {
            if (settings["detections"] is JsonArray det)
            {
                s.Detections.Clear();
                s.Detections.AddRange(det.Select(x => x!.GetValue<string>()));
            }
            if (settings["default_hints"] is JsonObject dh)
            {
                s.DefaultHints.Clear();
                foreach (var (k, v) in dh) s.DefaultHints[k] = [.. ((JsonArray)v!).Select(x => x!.GetValue<string>())];
            }
            if (settings["preferred_types"] is JsonObject pt)
                foreach (var (k, v) in pt) s.PreferredTypes[k] = DltDataTypes.Parse(v!.GetValue<string>());
            if (settings["schema_contract"] is { } sc) s.SchemaContract = SchemaContract.FromJson(sc);
        }
        if (doc["normalizers"]?["json"]?["config"] is JsonObject cfg)
        {
            s.MaxNesting = cfg["max_nesting"]?.GetValue<int>();
            if (cfg["propagation"]?["tables"] is JsonObject pt)
                foreach (var (k, _) in pt) s.RootKeyPropagation.Add(k);
        }
        return s;
    }

    /// <summary>Parses a stored schema from JSON text.</summary>
    public static DltSchema Parse(string json) =>
        FromJson(JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("A stored schema is a JSON object."));

    /// <summary>Computes the content hash: sha3-256 over sorted-key compact JSON without version fields, then table and column names in order.</summary>
    public string ComputeVersionHash()
    {
        // sorted content JSON, then every table name followed by its column names in column order
        var data = new MemoryStream();
        data.Write(Common.SortedJson.ToUtf8Bytes(ToJson(includeVersion: false)));
        foreach (var t in _tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Write(Encoding.UTF8.GetBytes(t.Name));
            foreach (var c in t.Columns) data.Write(Encoding.UTF8.GetBytes(c.Name));
        }
        return Convert.ToBase64String(SHA3_256.HashData(data.ToArray()));
    }

    /// <summary>Bumps <see cref="Version"/> when the content changed since the last bump; returns true if it did.</summary>
    public bool BumpVersion()
    {
        var hash = ComputeVersionHash();
        if (VersionHash.Length == 0) { VersionHash = hash; return true; }
        if (hash == VersionHash) return false;
        PreviousHashes.Remove(VersionHash);
        PreviousHashes.Insert(0, VersionHash);
        if (PreviousHashes.Count > 10) PreviousHashes.RemoveRange(10, PreviousHashes.Count - 10);
        VersionHash = hash;
        Version++;
        return true;
    }
}

using System.Text.Json.Nodes;
using DltNet.Schema;

namespace DltNet.Normalize;

/// <summary>
/// The relational normalizer, row coercer and per-table job-file writers of one load package. Normalize runs it over
/// the items extract wrote as typed JSON; extract runs the same one over in-memory items (no JSON round trip) and hands
/// its bookkeeping to normalize through the package state (<see cref="SaveTo"/>, <see cref="LoadFrom"/>).
/// </summary>
internal sealed class PackageNormalizer
{
    private const string StateKey = "normalized_at_extract";
    private readonly Dictionary<string, TableRowBuffer> _writers = new(StringComparer.Ordinal);
    private readonly DltSchema _schema;
    private readonly string _jobsDir;
    private readonly int _maxRowsPerFile;
    private readonly RelationalNormalizer _relational;
    private readonly Action<string, TableSchema, WriteDispositionKind>? _fileWritten;

    // fileWritten: called with each job file written, its table as the file has it and the table's write disposition
    // (early load at extract); it runs on the task that wrote the file, so it gets everything it needs from the schema
    public PackageNormalizer(DltSchema schema, string loadId, string jobsDir, int maxRowsPerFile, IEnumerable<string>? tablesNewInPackage = null,
        Action<string, TableSchema, WriteDispositionKind>? fileWritten = null)
    {
        _fileWritten = fileWritten;
        _schema = schema;
        _jobsDir = jobsDir;
        _maxRowsPerFile = maxRowsPerFile;
        Coercer = new RowCoercer(schema, WriterFor, runContract: null, tablesNewInPackage);
        _relational = new RelationalNormalizer(schema, Coercer, loadId);
    }

    public RowCoercer Coercer { get; }

    public IReadOnlyDictionary<string, TableRowBuffer> Writers => _writers;

    public TableRowBuffer WriterFor(string table) =>
        _writers.TryGetValue(table, out var w) ? w : _writers[table] = NewWriter(table);

    private TableRowBuffer NewWriter(string table)
    {
        Action<string, TableSchema>? onFile = null;
        if (_fileWritten is { } fileWritten)
        {
            var disposition = _schema.GetWriteDisposition(table);
            onFile = (path, written) => fileWritten(path, written, disposition);
        }
        return new TableRowBuffer(_schema.GetTable(table)!, _jobsDir, _maxRowsPerFile, onFile);
    }

    /// <summary>Normalizes one item (value model) into rows of <paramref name="rootTable"/> and its nested tables.</summary>
    public void Normalize(object? item, string rootTable, ItemRef position) => _relational.NormalizeItem(item, rootTable, position);

    /// <summary>Writes every buffered row as job files and waits until they are written.</summary>
    public void Flush()
    {
        // every table's last file starts writing before any is waited for
        foreach (var w in _writers.Values) w.Flush();
        foreach (var w in _writers.Values) w.Complete();
    }

    /// <summary>Waits for job files still being written, ignoring failures (the package is being abandoned).</summary>
    public void Abandon()
    {
        foreach (var w in _writers.Values) w.Abandon();
    }

    /// <summary>Records what extract normalized (added columns, discards, tables new in this package) in the package state.</summary>
    public void SaveTo(JsonObject packageState)
    {
        var added = new JsonObject();
        foreach (var (table, cols) in Coercer.AddedColumns) added[table] = new JsonArray([.. cols.Select(c => (JsonNode)JsonValue.Create(c))]);
        packageState[StateKey] = new JsonObject
        {
            ["schema_updates"] = added,
            ["discarded_rows"] = Coercer.DiscardedRows,
            ["discarded_values"] = Coercer.DiscardedValues,
            ["new_tables"] = new JsonArray([.. Coercer.NewTables.Order(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t))]),
        };
    }

    /// <summary>What extract normalized for a package (nothing when extract wrote only typed JSON).</summary>
    public static (Dictionary<string, List<string>> AddedColumns, long DiscardedRows, long DiscardedValues, List<string> NewTables) LoadFrom(JsonObject packageState)
    {
        var added = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (packageState[StateKey] is not JsonObject saved) return (added, 0, 0, []);
        if (saved["schema_updates"] is JsonObject su)
            foreach (var (t, cols) in su) added[t] = ((JsonArray)cols!).Select(x => x!.GetValue<string>()).ToList();
        var newTables = saved["new_tables"] is JsonArray nt ? nt.Select(x => x!.GetValue<string>()).ToList() : [];
        return (added, saved["discarded_rows"]?.GetValue<long>() ?? 0, saved["discarded_values"]?.GetValue<long>() ?? 0, newTables);
    }
}

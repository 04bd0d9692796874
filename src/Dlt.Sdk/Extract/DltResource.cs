using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Schema;

namespace DltNet.Extract;

/// <summary>
/// A resource: a named stream of items plus the hints that shape its table (dlt's <c>@dlt.resource</c>).
/// Created from any data with <see cref="Dlt.Resource"/>, or generated from <c>[DltResource]</c> methods.
/// </summary>
public sealed class DltResource
{
    private readonly Func<CancellationToken, IAsyncEnumerable<object?>> _open;

    /// <summary>Creates a resource over an async item stream.</summary>
    public DltResource(string name, Func<CancellationToken, IAsyncEnumerable<object?>> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _open = open;
    }

    /// <summary>Resource name (also the default table name).</summary>
    public string Name { get; }
    /// <summary>Table hints.</summary>
    public ResourceHints Hints { get; } = new();
    /// <summary>Incremental cursor, if any.</summary>
    public Incremental? Incremental { get; set; }
    /// <summary>Whether a source runs this resource.</summary>
    public bool Selected { get; set; } = true;
    /// <summary>Name of the source the resource belongs to (set when added to a source).</summary>
    public string? SourceName { get; internal set; }

    /// <summary>Creates a resource whose items can read and write the resource's state (dlt's <c>resource_state()</c>).</summary>
    public static DltResource Create(string name, Func<ResourceContext, CancellationToken, IAsyncEnumerable<object?>> open)
    {
        DltResource? resource = null;
        resource = new DltResource(name, ct => open(new ResourceContext(resource!), ct));
        return resource;
    }

    private System.Text.Json.Nodes.JsonObject? _state;
    private System.Text.Json.Nodes.JsonObject? _sourceState;

    /// <summary>
    /// The resource's own state (dlt's <c>dlt.current.resource_state()</c>): a JSON dictionary stored in the pipeline state and
    /// loaded to <c>_dlt_pipeline_state</c> with the data it describes. Available while the resource runs in a pipeline.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject State =>
        _state ?? throw new InvalidOperationException($"The state of resource `{Name}` is available while it runs in a pipeline (Run or Extract).");

    /// <summary>The state of the source the resource belongs to (dlt's <c>dlt.current.source_state()</c>).</summary>
    public System.Text.Json.Nodes.JsonObject SourceState =>
        _sourceState ?? throw new InvalidOperationException($"The source state of resource `{Name}` is available while it runs in a pipeline (Run or Extract).");

    internal void BindState(System.Text.Json.Nodes.JsonObject resourceState, System.Text.Json.Nodes.JsonObject sourceState)
    {
        _state = resourceState;
        _sourceState = sourceState;
    }

    /// <summary>Opens the item stream.</summary>
    public IAsyncEnumerable<object?> Open(CancellationToken cancellationToken) => _open(cancellationToken);

    /// <summary>Applies hints (dlt's <c>apply_hints</c>); returns this resource.</summary>
    public DltResource ApplyHints(string? tableName = null, WriteDisposition? writeDisposition = null, IEnumerable<ColumnSchema>? columns = null,
        IReadOnlyList<string>? primaryKey = null, IReadOnlyList<string>? mergeKey = null, SchemaContract? schemaContract = null,
        int? maxTableNesting = null, string? fileFormat = null, string? tableFormat = null, Incremental? incremental = null)
    {
        if (tableName is not null) Hints.TableName = tableName;
        if (writeDisposition is not null) Hints.WriteDisposition = writeDisposition;
        if (columns is not null)
            foreach (var c in columns)
            {
                var existing = Hints.Columns.FindIndex(x => x.Name == c.Name);
                if (existing >= 0) Hints.Columns[existing].MergeFrom(c); else Hints.Columns.Add(c.Clone());
            }
        if (primaryKey is not null) Hints.PrimaryKey = [.. primaryKey];
        if (mergeKey is not null) Hints.MergeKey = [.. mergeKey];
        if (schemaContract is not null) Hints.SchemaContract = schemaContract;
        if (maxTableNesting is not null) Hints.MaxTableNesting = maxTableNesting;
        if (fileFormat is not null) Hints.FileFormat = fileFormat;
        if (tableFormat is not null) Hints.TableFormat = tableFormat;
        if (incremental is not null) Incremental = incremental;
        return this;
    }

    /// <summary>Table name the resource loads into (before normalization).</summary>
    public string TableName => Hints.TableName ?? Name;

    /// <summary>Wraps any data as a resource: sequences, async sequences, JSON arrays, single objects or scalars.</summary>
    public static DltResource FromData(object? data, string? name)
    {
        if (data is DltResource r) return r;
        if (name is null)
            throw new PipelineConfigException("The data has no resource name, so the table it loads into is unknown. Pass tableName: \"my_table\" to Run (or wrap the data with Dlt.Resource(data, name)).");
        if (string.IsNullOrWhiteSpace(name))
            throw new PipelineConfigException($"The table name '{name}' is empty after normalization. Pass a tableName with at least one letter or digit.");
        return new DltResource(name, ct => Enumerate(data, ct));
    }

    /// <summary>
    /// A resource over a JSON lines file (one JSON value per line). A malformed line fails the extract step with the file name,
    /// line number and position.
    /// </summary>
    public static DltResource FromJsonLines(string path, string name) => new(name, ct => new Typed.SyncItemStream<object?>(ReadJsonLines(path), ct));

    private static IEnumerable<object?> ReadJsonLines(string path)
    {
        foreach (var (line, lineNo) in Storage.JsonLinesReader.Lines(path))
        {
            object? item;
            try
            {
                item = Normalize.TypedJson.ParseValue(line.Span);
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new DltDataException($"Malformed JSON in {path} line {lineNo}: {e.Message}", e);
            }
            yield return item;
        }
    }

    private static async IAsyncEnumerable<object?> Enumerate(object? data, [EnumeratorCancellation] CancellationToken ct)
    {
        switch (data)
        {
            case null: yield break;
            case IAsyncEnumerable<object?> asyncItems:
                await foreach (var item in asyncItems.WithCancellation(ct).ConfigureAwait(false)) yield return item;
                yield break;
            case string or JsonObject or IDictionary or IDictionary<string, object?>:
                yield return data;
                yield break;
            case JsonArray arr:
                foreach (var item in arr) { ct.ThrowIfCancellationRequested(); yield return item; }
                yield break;
            case JsonElement { ValueKind: JsonValueKind.Array } je:
                foreach (var item in je.EnumerateArray()) { ct.ThrowIfCancellationRequested(); yield return item; }
                yield break;
            case JsonDocument doc:
                await foreach (var item in Enumerate(doc.RootElement, ct).ConfigureAwait(false)) yield return item;
                yield break;
            case IEnumerable items:
                foreach (var item in items) { ct.ThrowIfCancellationRequested(); yield return item; }
                yield break;
        }
        var asyncAdapter = AsyncEnumerableAdapter.TryAdapt(data);
        if (asyncAdapter is not null)
        {
            await foreach (var item in asyncAdapter.WithCancellation(ct).ConfigureAwait(false)) yield return item;
            yield break;
        }
        yield return data;
    }
}

/// <summary>Adapts <c>IAsyncEnumerable&lt;T&gt;</c> of value types (which are not covariant to <c>object?</c>).</summary>
public static class AsyncEnumerableAdapter
{
    private static readonly Dictionary<Type, Func<object, IAsyncEnumerable<object?>>> Adapters = new();
    private static readonly Lock Gate = new();

    /// <summary>Registers an adapter for <c>IAsyncEnumerable&lt;T&gt;</c> (generated code registers its row types).</summary>
    public static void Register<T>()
    {
        lock (Gate) Adapters[typeof(IAsyncEnumerable<T>)] = o => Box((IAsyncEnumerable<T>)o);
    }

    internal static IAsyncEnumerable<object?>? TryAdapt(object data)
    {
        lock (Gate)
        {
            foreach (var (type, adapt) in Adapters)
                if (type.IsInstanceOfType(data)) return adapt(data);
        }
        return null;
    }

    /// <summary>Boxes the items of a typed async stream.</summary>
    public static async IAsyncEnumerable<object?> Box<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false)) yield return item;
    }
}

/// <summary>What a running resource sees: its state, its source's state and its incremental cursor.</summary>
public sealed class ResourceContext
{
    internal ResourceContext(DltResource resource) => Resource = resource;

    /// <summary>The running resource.</summary>
    public DltResource Resource { get; }
    /// <summary>The resource's state dictionary (persisted with the load).</summary>
    public System.Text.Json.Nodes.JsonObject State => Resource.State;
    /// <summary>The source's state dictionary (persisted with the load).</summary>
    public System.Text.Json.Nodes.JsonObject SourceState => Resource.SourceState;
    /// <summary>The incremental cursor, if the resource has one.</summary>
    public Incremental? Incremental => Resource.Incremental;
}

/// <summary>Table hints of a resource (dlt's resource hints, spec 4.4).</summary>
public sealed class ResourceHints
{
    /// <summary>Destination table (normalized with snake_case).</summary>
    public string? TableName { get; set; }
    /// <summary>Write disposition.</summary>
    public WriteDisposition? WriteDisposition { get; set; }
    /// <summary>Column hints.</summary>
    public List<ColumnSchema> Columns { get; } = [];
    /// <summary>Primary key columns; an explicit key replaces column-level key hints.</summary>
    public List<string>? PrimaryKey { get; set; }
    /// <summary>Merge key columns.</summary>
    public List<string>? MergeKey { get; set; }
    /// <summary>Schema contract of the resource's tables.</summary>
    public SchemaContract? SchemaContract { get; set; }
    /// <summary>Max nesting of the resource's tables.</summary>
    public int? MaxTableNesting { get; set; }
    /// <summary>Loader file format.</summary>
    public string? FileFormat { get; set; }
    /// <summary>Table format.</summary>
    public string? TableFormat { get; set; }
    /// <summary>Column hints of nested tables (dlt's <c>nested_hints</c>).</summary>
    public List<NestedTableHints> NestedHints { get; } = [];
}

/// <summary>A source: a named group of resources sharing one schema (dlt's <c>@dlt.source</c>).</summary>
public sealed class DltSource
{
    /// <summary>Creates a source.</summary>
    public DltSource(string name, IEnumerable<DltResource> resources)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        foreach (var r in resources)
        {
            r.SourceName = name;
            Resources.Add(r);
        }
    }

    /// <summary>Source and schema name.</summary>
    public string Name { get; }
    /// <summary>Resources in declaration order.</summary>
    public List<DltResource> Resources { get; } = [];
    /// <summary>Source-level schema contract.</summary>
    public SchemaContract? SchemaContract { get; set; }
    /// <summary>Source-level max table nesting.</summary>
    public int? MaxTableNesting { get; set; }
    /// <summary>Explicit schema to start from.</summary>
    public DltSchema? Schema { get; set; }
    /// <summary>Propagate <c>_dlt_root_id</c> to nested tables for every disposition (dlt's <c>root_key=True</c>).</summary>
    public bool RootKey { get; set; }

    /// <summary>Resources selected to run.</summary>
    public IEnumerable<DltResource> SelectedResources => Resources.Where(r => r.Selected);

    /// <summary>Keeps only the named resources selected.</summary>
    public DltSource WithResources(params string[] names)
    {
        foreach (var r in Resources) r.Selected = names.Contains(r.Name);
        return this;
    }
}

using DltNet.Destinations;
using DltNet.Extract;
using DltNet.Schema;

namespace DltNet;

/// <summary>
/// Entry points, named as in dlt: <see cref="Run"/> loads data in one call, <see cref="Pipeline"/> creates a reusable pipeline,
/// <see cref="Resource"/> and <see cref="Source"/> wrap data with hints.
/// </summary>
public static class Dlt
{
    /// <summary>
    /// Loads <paramref name="data"/> (objects, dictionaries, JSON, async streams, resources or a source) with a pipeline named
    /// after the entry assembly into <paramref name="destination"/> (default DuckDB) and returns what was loaded.
    /// </summary>
    public static LoadInfo Run(object? data, Destination? destination = null, string? datasetName = null, string? tableName = null,
        WriteDisposition? writeDisposition = null, IEnumerable<ColumnSchema>? columns = null, KeyList? primaryKey = null, DltSchema? schema = null,
        string? loaderFileFormat = null, string? tableFormat = null, SchemaContract? schemaContract = null, Refresh? refresh = null,
        KeyList? mergeKey = null, int? maxTableNesting = null, Incremental? incremental = null, string? staging = null, string? pipelineName = null) =>
        Pipeline(pipelineName, destination ?? "duckdb").Run(data, null, datasetName, tableName, writeDisposition, columns, primaryKey, schema,
            loaderFileFormat, tableFormat, schemaContract, refresh, mergeKey, maxTableNesting, incremental, staging);

    /// <summary>Async <see cref="Run"/>.</summary>
    public static Task<LoadInfo> RunAsync(object? data, Destination? destination = null, string? datasetName = null, string? tableName = null,
        WriteDisposition? writeDisposition = null, IEnumerable<ColumnSchema>? columns = null, KeyList? primaryKey = null, DltSchema? schema = null,
        string? loaderFileFormat = null, string? tableFormat = null, SchemaContract? schemaContract = null, Refresh? refresh = null,
        KeyList? mergeKey = null, int? maxTableNesting = null, Incremental? incremental = null, string? staging = null, string? pipelineName = null,
        CancellationToken cancellationToken = default) =>
        Pipeline(pipelineName, destination ?? "duckdb").RunAsync(data, null, datasetName, tableName, writeDisposition, columns, primaryKey, schema,
            loaderFileFormat, tableFormat, schemaContract, refresh, mergeKey, maxTableNesting, incremental, staging, cancellationToken);

    /// <summary>
    /// Creates (or reopens) a pipeline. Its working folder is <c>&lt;pipelinesDir&gt;/&lt;pipelineName&gt;</c>
    /// (default <c>~/.dlt/pipelines</c>, or <c>$DLT_DATA_DIR/pipelines</c>).
    /// </summary>
    public static Pipeline Pipeline(string? pipelineName = null, Destination? destination = null, string? datasetName = null,
        string? pipelinesDir = null, bool devMode = false, string? importSchemaPath = null, string? exportSchemaPath = null) =>
        new(pipelineName ?? DefaultPipelineName(), destination, datasetName, pipelinesDir, devMode)
        {
            ImportSchemaPath = importSchemaPath,
            ExportSchemaPath = exportSchemaPath,
        };

    /// <summary>Wraps data as a named resource with hints.</summary>
    public static DltResource Resource(object? data, string name, WriteDisposition? writeDisposition = null, KeyList? primaryKey = null,
        KeyList? mergeKey = null, IEnumerable<ColumnSchema>? columns = null, string? tableName = null, int? maxTableNesting = null,
        SchemaContract? schemaContract = null, Incremental? incremental = null)
    {
        var r = data is DltResource existing ? existing : DltResource.FromData(data, name);
        r.ApplyHints(tableName, writeDisposition, columns, primaryKey, mergeKey, schemaContract, maxTableNesting, incremental: incremental);
        return r;
    }

    /// <summary>Groups resources into a source with its own schema.</summary>
    public static DltSource Source(string name, params DltResource[] resources) => new(name, resources);

    private static string DefaultPipelineName()
    {
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "pipeline";
        return "dlt_" + NamingConvention.SnakeCase.NormalizeIdentifier(entry);
    }
}

using System.Text.Json.Nodes;
using DltNet.Schema;

namespace DltNet.Destinations;

/// <summary>What a destination can do (dlt's <c>DestinationCapabilitiesContext</c>, spec 13.1).</summary>
public sealed record DestinationCapabilities
{
    /// <summary>Loader file format used when none is asked for.</summary>
    public string PreferredLoaderFileFormat { get; init; } = "parquet";
    /// <summary>Loader file formats the destination accepts.</summary>
    public IReadOnlyList<string> SupportedLoaderFileFormats { get; init; } = ["parquet"];
    /// <summary>Merge strategies, first is the default.</summary>
    public IReadOnlyList<MergeStrategy> SupportedMergeStrategies { get; init; } = [MergeStrategy.DeleteInsert, MergeStrategy.Upsert, MergeStrategy.InsertOnly, MergeStrategy.Scd2];
    /// <summary>Longest identifier.</summary>
    public int MaxIdentifierLength { get; init; } = 65536;
    /// <summary>Longest column identifier.</summary>
    public int MaxColumnIdentifierLength { get; init; } = 65536;
    /// <summary>Default decimal precision and scale.</summary>
    public (int Precision, int Scale) DecimalPrecision { get; init; } = (38, 9);
    /// <summary>Default wei precision and scale.</summary>
    public (int Precision, int Scale) WeiPrecision { get; init; } = (38, 0);
    /// <summary>Timestamp fractional digits.</summary>
    public int TimestampPrecision { get; init; } = 6;
    /// <summary>DDL runs inside transactions, so a whole package can be applied atomically.</summary>
    public bool SupportsDdlTransactions { get; init; } = true;
    /// <summary>Whether TRUNCATE exists (else DELETE is used, and staging tables are dropped and created again to empty them).</summary>
    public bool SupportsTruncateCommand { get; init; }
    /// <summary>
    /// Rows per job file that suit the destination's storage, used when the pipeline's
    /// <see cref="Pipeline.MaxRowsPerFile"/> is not set (null: 200,000).
    /// </summary>
    public int? PreferredRowsPerFile { get; init; }
    /// <summary>The bulk path copies typed column arrays from memory as well as job files (early load hands it both).</summary>
    internal bool CopiesColumnBatches { get; init; }
    /// <summary>Longest text stored in a column before <c>_dlt_version.schema</c> is compressed.</summary>
    public long MaxTextDataTypeLength { get; init; } = long.MaxValue;
}

/// <summary>
/// A destination: capabilities, a type map and a client factory. DuckDB, PostgreSQL and the filesystem implement it;
/// <see cref="Load.Loader"/> talks only to this interface.
/// </summary>
public interface IDestination
{
    /// <summary>Short name (<c>duckdb</c>, <c>postgres</c>, <c>filesystem</c>).</summary>
    string Name { get; }
    /// <summary>dlt's destination type (<c>dlt.destinations.duckdb</c>).</summary>
    string DestinationType { get; }
    /// <summary>Capabilities.</summary>
    DestinationCapabilities Capabilities { get; }
    /// <summary>Credentials as they may be shown: never a secret.</summary>
    string DisplayableCredentials { get; }
    /// <summary>Called once per pipeline to fill defaults that depend on it (e.g. the DuckDB file name).</summary>
    void BindToPipeline(string pipelineName) { }
    /// <summary>Opens a client for a dataset.</summary>
    Task<IDestinationClient> ConnectAsync(string datasetName, CancellationToken ct);
}

/// <summary>A connection to one dataset of a destination.</summary>
public interface IDestinationClient : IAsyncDisposable
{
    /// <summary>Applies a whole load package; returns false if the package was already loaded before (found in <c>_dlt_loads</c>).</summary>
    Task<bool> LoadPackageAsync(LoadPackageRequest request, CancellationToken ct);
    /// <summary>Newest state of a pipeline stored in the destination (only from completed loads).</summary>
    Task<StoredState?> GetStoredStateAsync(string pipelineName, CancellationToken ct);
    /// <summary>Newest stored schema JSON of a schema name.</summary>
    Task<string?> GetStoredSchemaAsync(string schemaName, CancellationToken ct);
}

/// <summary>A state row of <c>_dlt_pipeline_state</c>.</summary>
public sealed record StoredState(int Version, string LoadId, JsonObject State, string? VersionHash);

/// <summary>Everything a client needs to apply one package.</summary>
public sealed class LoadPackageRequest
{
    /// <summary>Load id.</summary>
    public required string LoadId { get; init; }
    /// <summary>Schema snapshot of the package.</summary>
    public required DltSchema Schema { get; init; }
    /// <summary>Job files with their target table, in order.</summary>
    public required IReadOnlyList<LoadJob> Jobs { get; init; }
    /// <summary>Tables dropped by refresh before loading.</summary>
    public IReadOnlyList<string> DroppedTables { get; init; } = [];
    /// <summary>Tables truncated by refresh before loading.</summary>
    public IReadOnlyList<string> TruncatedTables { get; init; } = [];
    /// <summary>Delete this schema's <c>_dlt_version</c> history (refresh drop_*).</summary>
    public bool DropSchemaHistory { get; init; }
    /// <summary>Package creation time (scd2 boundary default).</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Called when a job starts and completes (for LoadInfo metrics).</summary>
    public Action<LoadJob, string>? OnJobState { get; init; }
    /// <summary>Test hook: called between the statements of follow-up (merge) jobs.</summary>
    public Action<string>? BeforeStatement { get; init; }
}

/// <summary>One job file and the table it loads.</summary>
public sealed record LoadJob(string FilePath, string TableName, string FileFormat)
{
    /// <summary>Job id (file name without retry count).</summary>
    public string JobId => Storage.JobFileName.Parse(FilePath).JobId;
}

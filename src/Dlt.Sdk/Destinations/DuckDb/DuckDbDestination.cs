using System.Data.Common;
using DltNet.Destinations.Sql;
using DltNet.Schema;
using DltNet.Storage;
using DuckDB.NET.Data;

namespace DltNet.Destinations.DuckDb;

/// <summary>
/// Embedded DuckDB (the default destination). Without a path the database file is <c>&lt;pipeline_name&gt;.duckdb</c>
/// in the current folder, as in dlt; <c>":memory:"</c> or an open <see cref="DuckDBConnection"/> can be given.
/// Job files are bulk-loaded with <c>INSERT ... SELECT FROM read_parquet(...)</c>; never row by row.
/// </summary>
public sealed class DuckDbDestination : Destination
{
    private string? _path;
    private readonly DuckDBConnection? _sharedConnection;
    private DuckDBConnection? _memoryConnection;

    /// <summary>DuckDB at a file path (null: <c>&lt;pipeline_name&gt;.duckdb</c> in the current folder).</summary>
    public DuckDbDestination(string? path = null) => _path = path;

    /// <summary>DuckDB on a connection the caller owns (e.g. an in-memory database shared with the app).</summary>
    public DuckDbDestination(DuckDBConnection connection) => _sharedConnection = connection;

    /// <inheritdoc />
    public override string Name => "duckdb";
    /// <inheritdoc />
    public override string DestinationType => "dlt.destinations.duckdb";

    /// <inheritdoc />
    public override DestinationCapabilities Capabilities { get; } = new()
    {
        PreferredLoaderFileFormat = "parquet",
        SupportedLoaderFileFormats = ["parquet"],
        SupportedMergeStrategies = [MergeStrategy.DeleteInsert, MergeStrategy.Upsert, MergeStrategy.Scd2, MergeStrategy.InsertOnly],
        SupportsTruncateCommand = false,
        // one DuckDB row group (122,880 rows) per job file: each file's INSERT writes whole row groups, where 200,000
        // rows left a 77,120-row group per file; a table of partial groups is rewritten by the checkpoint's vacuum as
        // soon as deletes (merges) free some space in them (measured: 200k rows merged into 1M rewrote all 800k others)
        PreferredRowsPerFile = RowGroupSize,
    };

    /// <summary>Rows in a DuckDB row group (its default <c>ROW_GROUP_SIZE</c>).</summary>
    internal const int RowGroupSize = 122_880;

    /// <summary>Path of the database file (null for a caller-owned connection).</summary>
    public string? DatabasePath => _path is null || _path == ":memory:" ? _path : Path.GetFullPath(_path);

    /// <inheritdoc />
    public override string DisplayableCredentials => _sharedConnection is not null ? "duckdb:///:external:" : $"duckdb:///{DatabasePath}";

    /// <summary>The connection of an in-memory database (<c>":memory:"</c>), open once the destination was used; null otherwise.</summary>
    public DuckDBConnection? MemoryConnection => _memoryConnection;

    /// <inheritdoc />
    public override void BindToPipeline(string pipelineName) => _path ??= pipelineName + ".duckdb";

    /// <inheritdoc />
    public override async Task<IDestinationClient> ConnectAsync(string datasetName, CancellationToken ct)
    {
        DuckDBConnection connection;
        var owns = _sharedConnection is null;
        if (_sharedConnection is not null) connection = _sharedConnection;
        else if (_path == ":memory:")
        {
            // an in-memory database lives as long as its connection: keep one for the destination's lifetime
            _memoryConnection ??= new DuckDBConnection("Data Source=:memory:");
            if (_memoryConnection.State != System.Data.ConnectionState.Open) await _memoryConnection.OpenAsync(ct).ConfigureAwait(false);
            connection = _memoryConnection;
            owns = false;
        }
        else
        {
            var path = DatabasePath ?? throw new PipelineConfigException("The DuckDB destination has no database path; give one or run it through a pipeline.");
            if (path != ":memory:") Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            connection = new DuckDBConnection($"Data Source={path}");
            await connection.OpenAsync(ct).ConfigureAwait(false);
        }
        // qualify tables with the catalog: a dataset named like the database file ("shop" in shop.duckdb) is ambiguous otherwise
        string? catalog;
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT current_database()";
            catalog = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
        }
        return new DuckDbClient(datasetName, Capabilities, connection, owns, new DuckDbDialect(catalog));
    }
}

internal sealed class DuckDbDialect(string? catalog = null) : SqlDialect
{
    public override string Table(string dataset, string table) =>
        catalog is null ? base.Table(dataset, table) : Quote(catalog) + "." + base.Table(dataset, table);

    // row ids are random (or hashes): DuckDB's string compression analysis finds little to gain in them and costs
    // ~0.3-0.4 s of CPU per 1M rows at insert (INSERT … SELECT of a 1M-row job file: 1.3-1.5 s with it, 0.9-1.05 s
    // without; typed flat pipeline of 1M rows ~15% faster), while stored uncompressed they take ~1.5 bytes more per row
    public override string ColumnOptions(ColumnSchema c) => c.Name == "_dlt_id" && c.DataType == DltDataType.Text ? " USING COMPRESSION uncompressed" : "";

    public override string ColumnType(ColumnSchema c, DestinationCapabilities caps) => c.DataType switch
    {
        DltDataType.Text => "VARCHAR",
        DltDataType.Double => "DOUBLE",
        DltDataType.Bool => "BOOLEAN",
        DltDataType.Timestamp => c.Timezone == false
            ? c.Precision switch { 0 => "TIMESTAMP_S", 3 => "TIMESTAMP_MS", 9 => "TIMESTAMP_NS", _ => "TIMESTAMP" }
            : "TIMESTAMP WITH TIME ZONE",
        DltDataType.Bigint => c.Precision switch
        {
            null => "BIGINT",
            <= 8 => "TINYINT",
            <= 16 => "SMALLINT",
            <= 32 => "INTEGER",
            <= 64 => "BIGINT",
            _ => "HUGEINT",
        },
        DltDataType.Binary => "BLOB",
        DltDataType.Json => "JSON",
        DltDataType.Decimal => $"DECIMAL({c.Precision ?? caps.DecimalPrecision.Precision},{c.Scale ?? (c.Precision is null ? caps.DecimalPrecision.Scale : 0)})",
        DltDataType.Wei => $"DECIMAL({caps.WeiPrecision.Precision},{caps.WeiPrecision.Scale})",
        DltDataType.Date => "DATE",
        DltDataType.Time => "TIME",
        _ => throw new SchemaCorruptedException($"Column `{c.Name}` has no data type."),
    };
}

internal sealed class DuckDbClient(string dataset, DestinationCapabilities caps, DuckDBConnection connection, bool ownsConnection, DuckDbDialect dialect)
    : SqlJobClient(dataset, caps, dialect)
{
    protected override DbConnection Connection => connection;

    protected override async Task CopyJobAsync(LoadJob job, string targetDataset, TableSchema table, CancellationToken ct)
    {
        var path = Dialect.Literal(job.FilePath);
        var fileColumns = await QueryAsync($"SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet({path}))", ct).ConfigureAwait(false);
        var names = new List<string>();
        var exprs = new List<string>();
        foreach (var row in fileColumns)
        {
            var name = (string)row[0]!;
            var col = table.GetColumn(name) ?? throw new SchemaCorruptedException($"Job file {Path.GetFileName(job.FilePath)} has column `{name}` that table `{table.Name}` does not know.");
            names.Add(Dialect.Quote(name));
            exprs.Add(ReadExpression(col));
        }
        await ExecuteAsync($"INSERT INTO {Dialect.Table(targetDataset, table.Name)} ({string.Join(", ", names)}) SELECT {string.Join(", ", exprs)} FROM read_parquet({path})", ct).ConfigureAwait(false);
    }

    private string ReadExpression(ColumnSchema c)
    {
        var q = Dialect.Quote(c.Name);
        return ParquetJobWriter.KindOf(c.DataType!.Value) switch
        {
            PhysicalKind.Micros => c.Timezone == false ? $"CAST(make_timestamp({q}) AS {Dialect.ColumnType(c, Capabilities)})" : $"make_timestamptz({q})",
            PhysicalKind.Text when c.DataType != DltDataType.Text => $"CAST({q} AS {Dialect.ColumnType(c, Capabilities)})",
            PhysicalKind.Int64 when c.Precision is not null => $"CAST({q} AS {Dialect.ColumnType(c, Capabilities)})",
            _ => q,
        };
    }

    public override async ValueTask DisposeAsync()
    {
        if (ownsConnection) await connection.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Collections.Concurrent;
using System.Text;
using DltNet.Schema;
using Npgsql;

namespace DltNet.Destinations.Postgres;

/// <summary>
/// PostgreSQL (dlt's <c>postgres</c> destination). The dataset is a PostgreSQL schema; merge chains are staged in
/// <c>&lt;dataset&gt;_staging</c>. Job files are Parquet, streamed into the tables with binary COPY; a whole load package
/// (DDL, data, merge SQL, system tables) is applied in one transaction. Identifiers are limited to 63 characters and
/// shortened with dlt's tag. Credentials come from the constructor or from dlt's configuration names
/// (<c>DESTINATION__POSTGRES__CREDENTIALS</c>, see <see cref="PostgresCredentials.FromEnvironment"/>), resolved on first use.
/// </summary>
public sealed class PostgresDestination : Destination
{
    /// <summary>PostgreSQL's identifier limit (NAMEDATALEN - 1 bytes).</summary>
    public const int MaxIdentifierLength = 63;

    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new(StringComparer.Ordinal);
    private readonly Func<PostgresCredentials>? _resolve;
    private PostgresCredentials? _credentials;

    /// <summary>PostgreSQL with credentials from dlt's configuration names (read when the destination is first used).</summary>
    public PostgresDestination() => _resolve = PostgresCredentials.FromEnvironment;

    /// <summary>PostgreSQL at a URL (<c>postgresql://user:password@host:5432/database</c>) or an Npgsql connection string.</summary>
    public PostgresDestination(string connectionString)
    {
        var credentials = PostgresCredentials.Parse(connectionString);
        credentials.Validate();
        _credentials = credentials;
    }

    /// <summary>PostgreSQL with the given credentials.</summary>
    public PostgresDestination(PostgresCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        credentials.Validate();
        _credentials = credentials;
    }

    /// <inheritdoc />
    public override string Name => "postgres";
    /// <inheritdoc />
    public override string DestinationType => "dlt.destinations.postgres";

    /// <inheritdoc />
    public override DestinationCapabilities Capabilities { get; } = new()
    {
        PreferredLoaderFileFormat = "parquet",
        SupportedLoaderFileFormats = ["parquet"],
        SupportedMergeStrategies = [MergeStrategy.DeleteInsert, MergeStrategy.Upsert, MergeStrategy.Scd2, MergeStrategy.InsertOnly],
        MaxIdentifierLength = MaxIdentifierLength,
        MaxColumnIdentifierLength = MaxIdentifierLength,
        DecimalPrecision = (38, 9),
        WeiPrecision = (156, 78),
        TimestampPrecision = 6,
        SupportsDdlTransactions = true,
        CopiesColumnBatches = true,
        SupportsTruncateCommand = true,
        MaxTextDataTypeLength = 1024L * 1024 * 1024,
    };

    /// <summary>The credentials (resolved from the configuration on first access when none were given).</summary>
    /// <exception cref="PipelineConfigException">when they cannot be found.</exception>
    public PostgresCredentials Credentials => _credentials ??= _resolve!();

    /// <summary>Connection attempts before giving up on a transient failure (refused, timeout, server starting). Default 4.</summary>
    public int ConnectAttempts { get; init; } = 4;

    /// <summary>Wait before the first retry; doubled after each failed attempt. Default 0.5 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public override string DisplayableCredentials
    {
        get
        {
            try
            {
                return Credentials.Displayable;
            }
            catch (PipelineConfigException)
            {
                return "postgresql://(credentials not configured)";
            }
        }
    }

    /// <inheritdoc />
    public override async Task<IDestinationClient> ConnectAsync(string datasetName, CancellationToken ct)
    {
        var dataset = DatasetIdentifier(datasetName);
        var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return new PostgresClient(dataset, Capabilities, connection, Credentials);
    }

    /// <summary>Opens a connection, retrying transient failures with exponential backoff.</summary>
    /// <exception cref="PostgresDestinationException">after the last attempt, or at once for authentication and other terminal errors.</exception>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var credentials = Credentials;
        var source = DataSources.GetOrAdd(credentials.ToNpgsqlConnectionString(), static cs => CreateDataSource(cs));
        var attempts = Math.Max(1, ConnectAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException && !cancellationToken.IsCancellationRequested)
            {
                if (!PostgresDestinationException.IsTransient(e) || attempt >= attempts)
                    throw PostgresDestinationException.Connect(credentials, e, attempt);
                await Task.Delay(RetryDelay * (1 << Math.Min(attempt - 1, 10)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        // the slim builder keeps Npgsql trimming- and AOT-safe: only the type handlers the loader uses
        var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
        builder.EnableTransportSecurity();
        builder.EnableExtraConversions();
        return builder.Build();
    }

    /// <summary>The dataset as a PostgreSQL schema name: longer than 63 bytes is shortened with dlt's tag (PostgreSQL would cut it silently).</summary>
    internal static string DatasetIdentifier(string datasetName)
    {
        if (Encoding.UTF8.GetByteCount(datasetName) <= MaxIdentifierLength) return datasetName;
        if (!Ascii.IsValid(datasetName))
            throw new PipelineConfigException($"Dataset name `{datasetName}` is longer than PostgreSQL's {MaxIdentifierLength} byte identifier limit; choose a shorter name.");
        return NamingConvention.ShortenIdentifier(datasetName, datasetName, MaxIdentifierLength);
    }
}

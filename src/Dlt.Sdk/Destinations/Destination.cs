using DltNet.Destinations.DuckDb;
using DltNet.Destinations.Postgres;

namespace DltNet.Destinations;

/// <summary>
/// Base of the built-in destinations. A destination can be given by name where dlt takes a string
/// (<c>destination: "duckdb"</c>) or as an object (<c>destination: new DuckDbDestination("my.duckdb")</c>).
/// </summary>
public abstract class Destination : IDestination
{
    /// <inheritdoc />
    public abstract string Name { get; }
    /// <inheritdoc />
    public abstract string DestinationType { get; }
    /// <inheritdoc />
    public abstract DestinationCapabilities Capabilities { get; }
    /// <inheritdoc />
    public abstract string DisplayableCredentials { get; }
    /// <inheritdoc />
    public virtual void BindToPipeline(string pipelineName) { }
    /// <inheritdoc />
    public abstract Task<IDestinationClient> ConnectAsync(string datasetName, CancellationToken ct);

    /// <summary>Creates a destination from dlt's name (<c>duckdb</c>, <c>postgres</c>), configured from the environment.</summary>
    public static Destination FromName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "duckdb" or "dlt.destinations.duckdb" => new DuckDbDestination(),
        "postgres" or "postgresql" or "dlt.destinations.postgres" => new PostgresDestination(),
        _ => throw new PipelineConfigException($"Unknown destination `{name}`. Use \"duckdb\" or \"postgres\", or pass a destination object."),
    };

    /// <summary>From dlt's destination name.</summary>
    public static implicit operator Destination(string name) => FromName(name);

    /// <inheritdoc />
    public override string ToString() => Name;
}

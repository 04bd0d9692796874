using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DltNet;

/// <summary>A job of a load package as reported in <see cref="LoadInfo"/>.</summary>
public sealed record LoadJobInfo(string State, string FilePath, long FileSize, DateTimeOffset CreatedAt, TimeSpan Elapsed, string? FailedMessage)
{
    private Storage.JobFileName Parsed => Storage.JobFileName.Parse(FilePath);
    /// <summary>Table the job loads.</summary>
    public string TableName => Parsed.TableName;
    /// <summary>Job id (file name without retry count).</summary>
    public string JobId => Parsed.JobId;
    /// <summary>File format.</summary>
    public string FileFormat => Parsed.FileFormat;
}

/// <summary>A load package as reported in <see cref="LoadInfo"/>.</summary>
public sealed record LoadPackageInfo(string LoadId, string PackagePath, string State, string SchemaName, string SchemaHash,
    DateTimeOffset? CompletedAt, IReadOnlyList<LoadJobInfo> Jobs, IReadOnlyDictionary<string, IReadOnlyList<string>> SchemaUpdate,
    IReadOnlyDictionary<string, long> RowCounts, long DiscardedRows, long DiscardedValues)
{
    /// <summary>Jobs that failed terminally.</summary>
    public IEnumerable<LoadJobInfo> FailedJobs => Jobs.Where(j => j.State == "failed_jobs");
}

/// <summary>
/// What a run loaded (dlt's <c>LoadInfo</c>, spec 11): load ids, packages with their jobs, the destination (credentials
/// without secrets) and timings. <see cref="ToString"/> prints dlt's text layout; <see cref="ToJson"/> dlt's <c>asdict()</c>.
/// </summary>
public sealed class LoadInfo
{
    internal LoadInfo(string pipelineName, string destinationName, string destinationType, string displayableCredentials, string datasetName,
        IReadOnlyList<LoadPackageInfo> packages, DateTimeOffset startedAt, DateTimeOffset finishedAt, bool firstRun)
    {
        PipelineName = pipelineName;
        DestinationName = destinationName;
        DestinationType = destinationType;
        DestinationDisplayableCredentials = displayableCredentials;
        DatasetName = datasetName;
        LoadPackages = packages;
        StartedAt = startedAt;
        FinishedAt = finishedAt;
        FirstRun = firstRun;
    }

    /// <summary>Pipeline name.</summary>
    public string PipelineName { get; }
    /// <summary>Destination name (<c>duckdb</c>).</summary>
    public string DestinationName { get; }
    /// <summary>Destination type (<c>dlt.destinations.duckdb</c>).</summary>
    public string DestinationType { get; }
    /// <summary>Credentials with secrets masked.</summary>
    public string DestinationDisplayableCredentials { get; }
    /// <summary>Dataset name.</summary>
    public string DatasetName { get; }
    /// <summary>Loaded packages.</summary>
    public IReadOnlyList<LoadPackageInfo> LoadPackages { get; }
    /// <summary>Load ids of the packages.</summary>
    public IReadOnlyList<string> LoadsIds => LoadPackages.Select(p => p.LoadId).ToList();
    /// <summary>Start of the load step.</summary>
    public DateTimeOffset StartedAt { get; }
    /// <summary>End of the load step.</summary>
    public DateTimeOffset FinishedAt { get; }
    /// <summary>True on the pipeline's first run.</summary>
    public bool FirstRun { get; }
    /// <summary>True when nothing was loaded.</summary>
    public bool IsEmpty => LoadPackages.Count == 0;
    /// <summary>True when any package has a failed job.</summary>
    public bool HasFailedJobs => LoadPackages.Any(p => p.FailedJobs.Any());
    /// <summary>Rows loaded per table over all packages (dlt's normalize row counts).</summary>
    public IReadOnlyDictionary<string, long> RowCounts =>
        LoadPackages.SelectMany(p => p.RowCounts).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));

    /// <summary>Throws <see cref="DestinationHasFailedJobs"/> for the first package with failed jobs.</summary>
    public void RaiseOnFailedJobs()
    {
        foreach (var p in LoadPackages)
        {
            var failed = p.FailedJobs.ToList();
            if (failed.Count > 0) throw new DestinationHasFailedJobs(DestinationName, p.LoadId, failed);
        }
    }

    /// <summary>dlt's text layout (verbosity 0, 1 or 2).</summary>
    public string AsString(int verbosity = 1)
    {
        var sb = new StringBuilder();
        sb.Append($"Pipeline {PipelineName} load step completed in {Humanize(FinishedAt - StartedAt)}\n");
        sb.Append($"{LoadPackages.Count} load package(s) were loaded to destination {DestinationName} and into dataset {DatasetName}\n");
        sb.Append($"The {DestinationName} destination used {DestinationDisplayableCredentials} location to store data");
        foreach (var p in LoadPackages)
        {
            var failed = p.FailedJobs.ToList();
            var state = p.State.ToUpperInvariant();
            if (p.State is not ("loaded" or "aborted")) state += " and NOT YET LOADED to the destination";
            sb.Append($"\nLoad package {p.LoadId} is {state} and ");
            sb.Append(failed.Count == 0 ? "contains no failed jobs" : $"contains {failed.Count} FAILED job(s)!");
            if (verbosity >= 1)
                foreach (var j in failed) sb.Append($"\n\t[{j.JobId}]: {j.FailedMessage}\n");
            if (verbosity >= 2)
            {
                sb.Append($"\nThe package with load id {p.LoadId} for schema {p.SchemaName} is in {state} state. It updated schema for {p.SchemaUpdate.Count} tables.");
                foreach (var j in p.Jobs)
                    sb.Append($"\nJob: {j.JobId}, table: {j.TableName} in {j.State}. File type: {j.FileFormat}, size: {j.FileSize}. Started on: {j.CreatedAt:u} and completed in {Humanize(j.Elapsed)}.");
            }
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => AsString(1);

    /// <summary>dlt's <c>asdict()</c> form.</summary>
    public JsonObject ToJson()
    {
        var packages = new JsonArray();
        foreach (var p in LoadPackages)
        {
            var jobs = new JsonArray();
            foreach (var j in p.Jobs)
                jobs.Add((JsonNode)new JsonObject
                {
                    ["state"] = j.State.Replace("_jobs", ""), ["file_path"] = j.FilePath, ["file_size"] = j.FileSize,
                    ["created_at"] = j.CreatedAt.ToString("O", CultureInfo.InvariantCulture), ["elapsed"] = j.Elapsed.TotalSeconds,
                    ["failed_message"] = j.FailedMessage, ["table_name"] = j.TableName, ["file_id"] = Storage.JobFileName.Parse(j.FilePath).FileId,
                    ["retry_count"] = 0, ["file_format"] = j.FileFormat, ["is_compressed"] = false, ["job_id"] = j.JobId,
                });
            var tables = new JsonArray();
            foreach (var (t, cols) in p.SchemaUpdate)
                tables.Add((JsonNode)new JsonObject
                {
                    ["name"] = t,
                    ["columns"] = new JsonArray([.. cols.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["table_name"] = t, ["schema_name"] = p.SchemaName, ["load_id"] = p.LoadId })]),
                });
            packages.Add((JsonNode)new JsonObject
            {
                ["load_id"] = p.LoadId, ["package_path"] = p.PackagePath, ["state"] = p.State,
                ["completed_at"] = p.CompletedAt?.ToString("O", CultureInfo.InvariantCulture), ["jobs"] = jobs,
                ["schema_hash"] = p.SchemaHash, ["schema_name"] = p.SchemaName, ["tables"] = tables,
            });
        }
        return new JsonObject
        {
            ["pipeline"] = new JsonObject { ["pipeline_name"] = PipelineName },
            ["destination_type"] = DestinationType,
            ["destination_displayable_credentials"] = DestinationDisplayableCredentials,
            ["destination_name"] = DestinationName,
            ["staging_type"] = null, ["staging_name"] = null, ["staging_displayable_credentials"] = null,
            ["dataset_name"] = DatasetName,
            ["loads_ids"] = new JsonArray([.. LoadsIds.Select(l => (JsonNode)JsonValue.Create(l))]),
            ["load_packages"] = packages,
            ["first_run"] = FirstRun,
            ["started_at"] = StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["finished_at"] = FinishedAt.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>"0.26 seconds", "1 minute and 4.12 seconds".</summary>
    internal static string Humanize(TimeSpan t)
    {
        if (t < TimeSpan.Zero) t = TimeSpan.Zero;
        var parts = new List<string>();
        if (t.Hours + t.Days * 24 > 0) parts.Add($"{t.Hours + t.Days * 24} hour{(t.Hours + t.Days * 24 == 1 ? "" : "s")}");
        if (t.Minutes > 0) parts.Add($"{t.Minutes} minute{(t.Minutes == 1 ? "" : "s")}");
        var secs = t.Seconds + t.Milliseconds / 1000.0;
        if (secs > 0 || parts.Count == 0) parts.Add($"{secs.ToString("0.##", CultureInfo.InvariantCulture)} seconds");
        return parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " and " + parts[^1];
    }
}

/// <summary>
/// One step of a run: <c>extract</c>, <c>normalize</c> or <c>load</c>. With early load (<see cref="Pipeline.LoadWhileExtracting"/>)
/// part of the load's copying happens inside the extract step; the load step is what remained after normalize.
/// </summary>
public sealed record PipelineStepTrace(string Step, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)
{
    /// <summary>How long the step took.</summary>
    public TimeSpan Duration => FinishedAt - StartedAt;
}

/// <summary>The steps of the last run of a pipeline, in order (dlt's <c>pipeline.last_trace</c>).</summary>
public sealed record PipelineTrace(IReadOnlyList<PipelineStepTrace> Steps)
{
    /// <summary>The step of a name, or null.</summary>
    public PipelineStepTrace? this[string step] => Steps.FirstOrDefault(s => s.Step == step);
}

using System.Text;
using System.Text.Json.Nodes;
using DltNet.Destinations;
using DltNet.Extract;
using DltNet.Load;
using DltNet.Normalize;
using DltNet.Schema;
using DltNet.Storage;

namespace DltNet;

/// <summary>
/// A pipeline: a named working folder, a destination and a dataset. <see cref="Run"/> extracts, normalizes and loads;
/// the three steps are also available on their own. Create one with <see cref="Dlt.Pipeline"/>.
/// </summary>
public sealed class Pipeline
{
    private readonly PipelineStorage _storage;
    private bool _synced;

    internal Pipeline(string pipelineName, Destination? destination, string? datasetName, string? pipelinesDir, bool devMode)
    {
        if (string.IsNullOrWhiteSpace(pipelineName) || pipelineName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new PipelineConfigException($"Pipeline name `{pipelineName}` must be a valid file name.");
        PipelineName = pipelineName;
        PipelinesDir = pipelinesDir ?? DefaultPipelinesDir();
        WorkingDir = Path.Combine(PipelinesDir, pipelineName);
        _storage = new PipelineStorage(WorkingDir);
        DevMode = devMode;
        if (devMode) _storage.Wipe();
        Destination = destination;
        destination?.BindToPipeline(pipelineName);
        DatasetName = datasetName;
        State = _storage.LoadState() is { } doc ? new PipelineState(doc) : PipelineState.New(pipelineName);
    }

    /// <summary>Pipeline name.</summary>
    public string PipelineName { get; }
    /// <summary>Folder holding the working folders of all pipelines.</summary>
    public string PipelinesDir { get; }
    /// <summary>This pipeline's working folder.</summary>
    public string WorkingDir { get; }
    /// <summary>Destination (from the constructor or the last run).</summary>
    public Destination? Destination { get; private set; }
    /// <summary>Dataset name; default <c>&lt;pipeline_name&gt;_dataset</c>.</summary>
    public string? DatasetName { get; private set; }
    /// <summary>Dev mode: the working folder was wiped when the pipeline was created.</summary>
    public bool DevMode { get; }
    /// <summary>Raise when a job fails terminally (default true, as in dlt 1.x); when false failures are reported in <see cref="LoadInfo"/>.</summary>
    public bool RaiseOnFailedJobs { get; set; } = true;
    /// <summary>Restore state and schemas from the destination when the local folder is missing or older (dlt's sync_destination).</summary>
    public bool RestoreFromDestination { get; set; } = true;
    /// <summary>Folder with <c>&lt;schema&gt;.schema.yaml</c> (or .json) files that replace the pipeline schema whenever the file changes (dlt's <c>import_schema_path</c>).</summary>
    public string? ImportSchemaPath { get; set; }
    /// <summary>Folder the schema is written to as <c>&lt;schema&gt;.schema.yaml</c> after every change (dlt's <c>export_schema_path</c>).</summary>
    public string? ExportSchemaPath { get; set; }
    /// <summary>
    /// Let <see cref="Run"/> copy finished job files of append tables into the destination (and of merge tables into
    /// the staging dataset) while extract still runs (default true), inside the package's transaction, which commits only once the package is complete: the
    /// result and the exactly-once guarantee are the same, the run is shorter on a machine with a spare core.
    /// </summary>
    public bool LoadWhileExtracting { get; set; } = true;
    /// <summary>
    /// Rows per job file before a new file is started; null (the default): what suits the destination
    /// (<see cref="Destinations.DestinationCapabilities.PreferredRowsPerFile"/>: one row group of 122,880 rows for DuckDB), else 200,000.
    /// </summary>
    public int? MaxRowsPerFile { get; set; }

    /// <summary>The rows per job file this pipeline writes (see <see cref="MaxRowsPerFile"/>).</summary>
    private int RowsPerFile => MaxRowsPerFile ?? Destination?.Capabilities.PreferredRowsPerFile ?? 200_000;
    /// <summary>Timings of the steps of the last <see cref="Run"/> that had data (dlt's <c>last_trace</c>); null before.</summary>
    public PipelineTrace? LastTrace { get; private set; }
    /// <summary>The pipeline state (incremental cursors, resource and source state).</summary>
    public PipelineState State { get; private set; }
    /// <summary>Test hook: called before every follow-up SQL statement.</summary>
    internal Action<string>? BeforeStatement { get; set; }

    /// <summary>Name of the default schema (the first extracted), if any.</summary>
    public string? DefaultSchemaName => State.Document["default_schema_name"]?.GetValue<string>();

    /// <summary>The stored schema of a name (default: the default schema).</summary>
    public DltSchema? GetSchema(string? name = null) => (name ?? DefaultSchemaName) is { } n ? _storage.LoadSchema(n) : null;

    /// <summary>True when extracted or normalized packages wait to be loaded.</summary>
    public bool HasPendingData => _storage.ExtractedPackages.Count > 0 || _storage.NormalizedPackages.Count > 0;

    /// <summary>Deletes packages that were extracted or normalized but not loaded.</summary>
    public void DropPendingPackages()
    {
        foreach (var id in _storage.ExtractedPackages) Directory.Delete(Path.Combine(_storage.ExtractedDir, id), true);
        foreach (var id in _storage.NormalizedPackages) Directory.Delete(Path.Combine(_storage.NormalizedDir, id), true);
    }

    /// <summary>Where pipelines live by default: <c>$DLT_DATA_DIR/pipelines</c>, else <c>~/.dlt/pipelines</c>.</summary>
    public static string DefaultPipelinesDir()
    {
        var dataDir = Environment.GetEnvironmentVariable("DLT_DATA_DIR");
        if (string.IsNullOrEmpty(dataDir))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            dataDir = string.IsNullOrEmpty(home) ? Path.Combine(Path.GetTempPath(), "dlt") : Path.Combine(home, ".dlt");
        }
        return Path.Combine(dataDir, "pipelines");
    }

    /// <summary>Runs extract, normalize and load of <paramref name="data"/> (after finishing any pending packages) and returns what was loaded.</summary>
    public LoadInfo Run(object? data, Destination? destination = null, string? datasetName = null, string? tableName = null,
        WriteDisposition? writeDisposition = null, IEnumerable<ColumnSchema>? columns = null, KeyList? primaryKey = null, DltSchema? schema = null,
        string? loaderFileFormat = null, string? tableFormat = null, SchemaContract? schemaContract = null, Refresh? refresh = null,
        KeyList? mergeKey = null, int? maxTableNesting = null, Incremental? incremental = null, string? staging = null) =>
        RunAsync(data, destination, datasetName, tableName, writeDisposition, columns, primaryKey, schema, loaderFileFormat, tableFormat,
            schemaContract, refresh, mergeKey, maxTableNesting, incremental, staging, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Async <see cref="Run"/>.</summary>
    public async Task<LoadInfo> RunAsync(object? data, Destination? destination = null, string? datasetName = null, string? tableName = null,
        WriteDisposition? writeDisposition = null, IEnumerable<ColumnSchema>? columns = null, KeyList? primaryKey = null, DltSchema? schema = null,
        string? loaderFileFormat = null, string? tableFormat = null, SchemaContract? schemaContract = null, Refresh? refresh = null,
        KeyList? mergeKey = null, int? maxTableNesting = null, Incremental? incremental = null, string? staging = null,
        CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        using var runLock = PipelineLock.Acquire(PipelineName, WorkingDir);
        Activate(destination, datasetName, staging);
        Recover();
        await SyncDestinationAsync(cancellationToken).ConfigureAwait(false);
        var packages = new List<LoadPackageInfo>();

        // pending work first: finish what an earlier run left, then the new data, in one call
        await NormalizePendingAsync(cancellationToken).ConfigureAwait(false);
        packages.AddRange(await LoadPendingAsync(cancellationToken).ConfigureAwait(false));
        KillPoints.Hit("run.after_pending");

        if (data is not null)
        {
            var source = ToSource(data, tableName, writeDisposition, columns, primaryKey, schemaContract, mergeKey, maxTableNesting,
                incremental, loaderFileFormat, tableFormat, schema);
            EarlyLoader? early = null;
            try
            {
                Func<string, EarlyLoader?>? startEarly = LoadWhileExtracting && !HasPendingData
                    ? loadId => early = new EarlyLoader(Destination!, DatasetName!, loadId)
                    : null;
                var steps = new List<PipelineStepTrace>(3);
                var stepStart = DateTimeOffset.UtcNow;
                await ExtractSourceAsync(source, refresh?.Mode, schema, cancellationToken, startEarly).ConfigureAwait(false);
                steps.Add(new PipelineStepTrace("extract", stepStart, stepStart = DateTimeOffset.UtcNow));
                await NormalizePendingAsync(cancellationToken).ConfigureAwait(false);
                steps.Add(new PipelineStepTrace("normalize", stepStart, stepStart = DateTimeOffset.UtcNow));
                packages.AddRange(await LoadPendingAsync(cancellationToken, early).ConfigureAwait(false));
                steps.Add(new PipelineStepTrace("load", stepStart, DateTimeOffset.UtcNow));
                LastTrace = new PipelineTrace(steps);
            }
            finally
            {
                if (early is not null) await early.DisposeAsync().ConfigureAwait(false);
            }
        }
        return BuildLoadInfo(packages, started);
    }

    /// <summary>Extracts data into a new package without normalizing or loading it.</summary>
    public async Task<string> ExtractAsync(object data, string? tableName = null, WriteDisposition? writeDisposition = null,
        IEnumerable<ColumnSchema>? columns = null, KeyList? primaryKey = null, SchemaContract? schemaContract = null, Refresh? refresh = null,
        CancellationToken cancellationToken = default)
    {
        using var runLock = PipelineLock.Acquire(PipelineName, WorkingDir);
        Recover();
        var source = ToSource(data, tableName, writeDisposition, columns, primaryKey, schemaContract, null, null, null, null, null, null);
        return await ExtractSourceAsync(source, refresh?.Mode, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Extract step (sync).</summary>
    public string Extract(object data, string? tableName = null, WriteDisposition? writeDisposition = null) =>
        ExtractAsync(data, tableName, writeDisposition).GetAwaiter().GetResult();

    /// <summary>Normalizes every extracted package.</summary>
    public async Task<IReadOnlyList<NormalizeMetrics>> NormalizeAsync(CancellationToken cancellationToken = default)
    {
        using var runLock = PipelineLock.Acquire(PipelineName, WorkingDir);
        Recover();
        return await NormalizePendingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Normalize step (sync).</summary>
    public IReadOnlyList<NormalizeMetrics> Normalize() => NormalizeAsync().GetAwaiter().GetResult();

    /// <summary>Loads every normalized package.</summary>
    public async Task<LoadInfo> LoadAsync(Destination? destination = null, string? datasetName = null, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        using var runLock = PipelineLock.Acquire(PipelineName, WorkingDir);
        Activate(destination, datasetName, null);
        Recover();
        return BuildLoadInfo(await LoadPendingAsync(cancellationToken).ConfigureAwait(false), started);
    }

    /// <summary>Load step (sync).</summary>
    public LoadInfo Load(Destination? destination = null, string? datasetName = null) => LoadAsync(destination, datasetName).GetAwaiter().GetResult();

    /// <summary>
    /// Cleans up after an interrupted step and adopts the state carried by the newest pending package: extract commits
    /// its package (with the new state inside) before it writes state.json, so a crash between the two loses nothing.
    /// </summary>
    private void Recover()
    {
        _storage.Recover();
        var pending = _storage.ExtractedPackages.Select(id => Path.Combine(_storage.ExtractedDir, id))
            .Concat(_storage.NormalizedPackages.Select(id => Path.Combine(_storage.NormalizedDir, id)));
        foreach (var path in pending)
        {
            if (new LoadPackage(path).ReadState()["pipeline_state"] is not JsonObject packaged) continue;
            var version = packaged["_state_version"]?.GetValue<int>() ?? 0;
            if (version > State.Version || (version == State.Version && packaged["_version_hash"]?.GetValue<string>() != State.VersionHash))
            {
                State.ReplaceWith(packaged);
                State.Local["_last_extracted_hash"] = State.VersionHash;
                _storage.SaveState(State.Document);
            }
        }
    }

    private void Activate(Destination? destination, string? datasetName, string? staging)
    {
        if (destination is not null)
        {
            Destination = destination;
            destination.BindToPipeline(PipelineName);
        }
        if (Destination is null)
            throw new PipelineStepFailedException(PipelineName, "run", null,
                new PipelineConfigException("No destination: pass destination: \"duckdb\" to Dlt.Pipeline or Run."));
        if (staging is not null)
            throw new PipelineStepFailedException(PipelineName, "run", null,
                new DestinationCapabilitiesException($"Destination {Destination.Name} does not load through a staging destination (`{staging}`); it takes files directly."));
        if (datasetName is not null) DatasetName = datasetName;
        DatasetName ??= new NamingConvention(Destination.Capabilities.MaxIdentifierLength).NormalizeTableIdentifier(PipelineName + "_dataset");
    }

    private NamingConvention Naming => new(Math.Min(Destination!.Capabilities.MaxIdentifierLength, Destination.Capabilities.MaxColumnIdentifierLength) is var m && m < 10_000 ? m : null);

    private DltSource ToSource(object data, string? tableName, WriteDisposition? writeDisposition, IEnumerable<ColumnSchema>? columns,
        KeyList? primaryKey, SchemaContract? schemaContract, KeyList? mergeKey, int? maxTableNesting, Incremental? incremental,
        string? loaderFileFormat, string? tableFormat, DltSchema? schema)
    {
        DltSource source;
        switch (data)
        {
            case DltSource s: source = s; break;
            case DltResource r: source = new DltSource(r.SourceName ?? schema?.Name ?? DefaultSchemaNameForData(), [r]); break;
            case IEnumerable<DltResource> rs: source = new DltSource(schema?.Name ?? DefaultSchemaNameForData(), rs); break;
            default:
                try
                {
                    source = new DltSource(schema?.Name ?? DefaultSchemaNameForData(), [DltResource.FromData(data, tableName)]);
                }
                catch (DltException e)
                {
                    throw new PipelineStepFailedException(PipelineName, "extract", null, e);
                }
                break;
        }
        if (loaderFileFormat is not null && !Destination!.Capabilities.SupportedLoaderFileFormats.Contains(loaderFileFormat))
            throw new PipelineStepFailedException(PipelineName, "extract", null, new DestinationCapabilitiesException(
                $"Loader file format `{loaderFileFormat}` is not supported by destination {Destination.Name}; it takes {string.Join(", ", Destination.Capabilities.SupportedLoaderFileFormats)}."));
        if (schemaContract is not null) source.SchemaContract = schemaContract;
        foreach (var r in source.SelectedResources)
            r.ApplyHints(tableName, writeDisposition, columns, primaryKey, mergeKey, schemaContract, maxTableNesting, loaderFileFormat, tableFormat, incremental);
        return source;
    }

    private string DefaultSchemaNameForData()
    {
        var name = PipelineName.EndsWith("_pipeline", StringComparison.Ordinal) ? PipelineName[..^"_pipeline".Length] : PipelineName;
        return new NamingConvention(64).NormalizeIdentifier(name);
    }

    private async Task<string> ExtractSourceAsync(DltSource source, RefreshMode? refresh, DltSchema? explicitSchema, CancellationToken ct,
        Func<string, EarlyLoader?>? startEarlyLoad = null)
    {
        var schemaName = source.Name;
        var live = _storage.LoadSchema(schemaName);
        if (ImportSchemaPath is not null && FindSchemaFile(ImportSchemaPath, schemaName) is { } importFile)
        {
            var imported = SchemaFiles.Load(importFile);
            var importedHash = imported.ComputeVersionHash();
            if (live?.ImportedVersionHash != importedHash)
            {
                // the edited file wins over what the pipeline inferred so far
                imported.ImportedVersionHash = importedHash;
                live = imported;
            }
        }
        var schema = (source.Schema ?? explicitSchema)?.Clone() ?? live?.Clone() ?? new DltSchema(schemaName);
        if (live is not null && (source.Schema ?? explicitSchema) is not null)
        {
            // an explicit schema adds its tables and settings to what the pipeline already knows
            var merged = live.Clone();
            foreach (var t in schema.Tables) if (merged.GetTable(t.Name) is null) merged.AddTable(t.Clone());
            schema = merged;
        }
        schema.Naming = Naming;
        if (source.RootKey)
            foreach (var r in source.Resources) schema.RootKeyPropagation.Add(schema.Naming.NormalizeTablesPath(r.TableName));
        var stateCopy = State.Clone();
        var lastLoadId = _storage.NormalizedPackages.Concat(_storage.ExtractedPackages).Concat(PipelineStorage.ListPackages(_storage.LoadedDir)).DefaultIfEmpty().Max(StringComparer.Ordinal);
        try
        {
            var metrics = await new Extractor(_storage, RowsPerFile).ExtractAsync(source, schema, stateCopy, refresh, PipelineName, lastLoadId, ct, startEarlyLoad).ConfigureAwait(false);
            State = stateCopy;
            ExportSchemas();
            return metrics.LoadId;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PipelineStepFailedException(PipelineName, "extract", null, e);
        }
    }

    private Task<IReadOnlyList<NormalizeMetrics>> NormalizePendingAsync(CancellationToken ct)
    {
        var results = new List<NormalizeMetrics>();
        foreach (var loadId in _storage.ExtractedPackages)
        {
            try
            {
                results.Add(new Normalizer(_storage, new NormalizeSettings(RowsPerFile, Destination is null ? null : Naming)).NormalizePackage(loadId, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new PipelineStepFailedException(PipelineName, "normalize", loadId, e, hasPendingData: true);
            }
        }
        if (results.Count > 0) ExportSchemas();
        return Task.FromResult<IReadOnlyList<NormalizeMetrics>>(results);
    }

    private static string? FindSchemaFile(string folder, string schemaName) =>
        new[] { ".schema.yaml", ".schema.yml", ".schema.json" }.Select(ext => Path.Combine(folder, schemaName + ext)).FirstOrDefault(File.Exists);

    private void ExportSchemas()
    {
        if (ExportSchemaPath is null) return;
        foreach (var name in _storage.SchemaNames)
            if (_storage.LoadSchema(name) is { } schema) SchemaFiles.Save(schema, Path.Combine(ExportSchemaPath, name + ".schema.yaml"));
    }

    private async Task<List<LoadPackageInfo>> LoadPendingAsync(CancellationToken ct, EarlyLoader? early = null)
    {
        if (_storage.NormalizedPackages.Count == 0) return [];
        var loader = new Loader(_storage, Destination!, DatasetName!) { BeforeStatement = BeforeStatement };
        try
        {
            var infos = await loader.LoadPendingAsync(RaiseOnFailedJobs, ct, early).ConfigureAwait(false);
            State.Local["first_run"] = false;
            KillPoints.Hit("run.before_state_save");
            _storage.SaveState(State.Document);
            return infos;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var loadId = e is LoadClientJobFailed f ? f.LoadId : _storage.NormalizedPackages.FirstOrDefault();
            throw new PipelineStepFailedException(PipelineName, "load", loadId, e, hasPendingData: HasPendingData);
        }
    }

    private async Task SyncDestinationAsync(CancellationToken ct)
    {
        if (_synced || !RestoreFromDestination || DevMode) return;
        _synced = true;
        try
        {
            await using var client = await Destination!.ConnectAsync(DatasetName!, ct).ConfigureAwait(false);
            var remote = await client.GetStoredStateAsync(PipelineName, ct).ConfigureAwait(false);
            if (remote is not null && remote.Version >= State.Version && remote.VersionHash != State.VersionHash)
            {
                State.ReplaceWith(remote.State);
                State.Local["_last_extracted_hash"] = State.VersionHash;
                foreach (var name in SchemaNamesOf(State))
                    if (await client.GetStoredSchemaAsync(name, ct).ConfigureAwait(false) is { } json)
                        _storage.SaveSchema(DltSchema.Parse(json));
                _storage.SaveState(State.Document);
                return;
            }
            foreach (var name in SchemaNamesOf(State))
                if (_storage.LoadSchema(name) is null && await client.GetStoredSchemaAsync(name, ct).ConfigureAwait(false) is { } json)
                    _storage.SaveSchema(DltSchema.Parse(json));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PipelineStepFailedException(PipelineName, "sync", null, e);
        }
    }

    private static IEnumerable<string> SchemaNamesOf(PipelineState state) =>
        state.Document["schema_names"] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];

    private LoadInfo BuildLoadInfo(List<LoadPackageInfo> packages, DateTimeOffset started) =>
        new(PipelineName, Destination!.Name, Destination.DestinationType, Destination.DisplayableCredentials, DatasetName!, packages, started,
            DateTimeOffset.UtcNow, State.Local["first_run"]?.GetValue<bool>() ?? true);
}

/// <summary>An exclusive lock on the working folder, held for one step; the OS releases it when the process dies.</summary>
internal sealed class PipelineLock : IDisposable
{
    private readonly FileStream _stream;
    private PipelineLock(FileStream stream) => _stream = stream;

    public static PipelineLock Acquire(string pipelineName, string workingDir)
    {
        Directory.CreateDirectory(workingDir);
        var path = Path.Combine(workingDir, "pipeline.lock");
        try
        {
            var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // the holder's pid goes to a side file: the locked file itself cannot be read by others
            File.WriteAllText(path + ".pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new PipelineLock(fs);
        }
        catch (IOException)
        {
            var holder = 0;
            try
            {
                int.TryParse(File.ReadAllText(path + ".pid").Trim(), out holder);
            }
            catch (IOException) { }
            throw new PipelineLockedException(pipelineName, holder, path);
        }
    }

    public void Dispose() => _stream.Dispose();
}

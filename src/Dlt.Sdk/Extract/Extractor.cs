using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Extract.Typed;
using DltNet.Normalize;
using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Extract;

/// <summary>What extract produced.</summary>
public sealed record ExtractMetrics(string LoadId, string SchemaName, IReadOnlyDictionary<string, long> ItemCounts);

/// <summary>
/// The extract phase: runs the resources of a source, applies their hints to the schema and the incremental filters,
/// and writes items as typed JSON lines into a new package (<c>normalize/extracted/&lt;load_id&gt;</c>).
/// Schema and state changes are committed only when the whole extract succeeded.
/// </summary>
internal sealed class Extractor(PipelineStorage storage, int maxRowsPerFile = 200_000)
{
    // startEarlyLoad: given the new load id, an EarlyLoader that copies finished job files of append and merge tables while extract runs
    public async Task<ExtractMetrics> ExtractAsync(DltSource source, DltSchema schema, PipelineState state, RefreshMode? refresh,
        string pipelineName, string? lastLoadId, CancellationToken ct, Func<string, Load.EarlyLoader?>? startEarlyLoad = null)
    {
        var loadId = LoadIds.New(lastLoadId);
        var early = refresh is null ? startEarlyLoad?.Invoke(loadId) : null;
        var tempDir = Path.Combine(storage.ExtractTempDir, loadId);
        var package = new LoadPackage(tempDir);
        package.Create();
        var packageState = new JsonObject { ["created_at"] = TypeCoercion.FormatIso(LoadIds.ToTimestamp(loadId)) };
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        // in-memory items are normalized right here into job files (no typed-JSON round trip); a row that normalize
        // rejects sends it and every later item of the package through typed JSON, so the normalize step reports the
        // problem and keeps the package pending, as for any extracted package
        PackageNormalizer? atExtract = null;
        var itemOffsets = new JsonObject();
        var atExtractFailed = false;
        var earlyPrepared = false;
        string? earlyCheckedTable = null;
        bool NormalizeAtExtract(object? value, string tableName, long position)
        {
            if (atExtractFailed) return false;
            // a row of a table that loads early will make a job file: connect while its rows are normalized (the table's
            // disposition is looked up when the table changes, not for every item)
            if (early is not null && !earlyPrepared && !string.Equals(tableName, earlyCheckedTable, StringComparison.Ordinal))
            {
                earlyCheckedTable = tableName;
                if (Load.EarlyLoader.LoadsEarly(schema.GetWriteDisposition(tableName)))
                {
                    early.Prepare();
                    earlyPrepared = true;
                }
            }
            try
            {
                atExtract ??= new PackageNormalizer(schema, loadId, package.JobsDir(LoadPackage.NewJobs), maxRowsPerFile, fileWritten: early is null ? null
                    : (path, table, disposition) =>
                    {
                        // job files of append and merge tables are copied while extract goes on (see Load.EarlyLoader)
                        if (Load.EarlyLoader.LoadsEarly(disposition)) _ = early.FileWritten(path, table, disposition);
                    });
                atExtract.Normalize(value, tableName, new ItemRef(tableName, position));
                return true;
            }
            catch (Exception e) when (e is DltException or InvalidCastException or FormatException or OverflowException or ArgumentException)
            {
                atExtractFailed = true;
                return false;
            }
        }
        try
        {
            if (source.SchemaContract is { } sc) schema.SchemaContract = sc;
            if (source.MaxTableNesting is { } mn) schema.MaxNesting = mn;
            var resources = source.SelectedResources.ToList();
            ApplyRefresh(source, resources, schema, state, refresh, packageState);

            foreach (var resource in resources)
            {
                string tableName;
                try
                {
                    tableName = schema.Naming.NormalizeTablesPath(resource.TableName);
                }
                catch (ArgumentException)
                {
                    throw new PipelineConfigException($"Resource `{resource.Name}`: the table name '{resource.TableName}' is empty after normalization. Pass a tableName with at least one letter or digit.");
                }
                var table = ApplyHints(schema, resource, tableName);
                var resourceState = state.ResourceState(source.Name, resource.Name);
                resource.BindState(resourceState, state.SourceState(source.Name));
                if (table.WriteDisposition == WriteDispositionKind.Replace && resource.Incremental is not null)
                    resourceState.Remove("incremental");
                resource.Incremental?.Bind(resourceState, resource.Hints.PrimaryKey);

                // root keys depend on the table's hints, applied just above: rows normalized here must see them
                Normalizer.ConfigureRootKeys(schema);
                var dynamicItems = 0L;
                var fileName = JobFileName.New(tableName, "typed-jsonl");
                var path = Path.Combine(package.JobsDir(LoadPackage.NewJobs), fileName.ToString());
                var written = 0L;
                var jsonLines = 0L;
                // typed rows with a generated columnar writer take the fast path: Parquet job files written here, which
                // normalize only validates and copies (decided on the first item, see TypedFastPath.TryCreate)
                ITypedTableWriter? fastWriter = null;
                TypedBatch? batch = null;
                var decided = false;
                var fastRows = 0L;
                try
                {
                await using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    // items are serialized into a buffer and written in large chunks: one syscall per ~64 KB, not per item
                    var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 17);
                    using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
                    var index = -1L;
                    // the first item that goes to the JSON file after items were normalized here: normalize numbers
                    // its items from there, so messages name the same item position either way
                    void WriteJson(object? value)
                    {
                        if (jsonLines == 0 && dynamicItems > 0) itemOffsets[fileName.ToString()] = dynamicItems;
                        TypedJson.Write(writer, value);
                    }
                    // a dynamic item is normalized here when it fits (else written as typed JSON for normalize), in item order
                    void WriteDynamic(object? value)
                    {
                        if (!NormalizeAtExtract(value, tableName, dynamicItems))
                        {
                            WriteJson(value);
                            writer.Flush();
                            writer.Reset();
                            System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
                            if (buffer.WrittenCount >= 1 << 16)
                            {
                                fs.Write(buffer.WrittenSpan);
                                buffer.ResetWrittenCount();
                            }
                            jsonLines++;
                        }
                        dynamicItems++;
                    }
                    // the iterator and item conversion run here while another thread normalizes (see ItemPipe)
                    var dynamicPipe = new ItemPipe(WriteDynamic, ct);
                    var drained = false;
                    // typed iterators are read synchronously: no task machinery per item (see TypedRows.FromEnumerable)
                    var stream = resource.Open(ct);
                    using var syncItems = (stream as ISyncItemStream)?.GetSyncEnumerator();
                    var asyncItems = syncItems is null ? stream.GetAsyncEnumerator(ct) : null;
                    try
                    {
                    while (syncItems?.MoveNext() ?? await asyncItems!.MoveNextAsync().ConfigureAwait(false))
                    {
                        var raw = syncItems is not null ? syncItems.Current : asyncItems!.Current;
                        // hot loop of the fast path: a typed row straight into its columns (what the loop below does for it, minus the unbatching)
                        if (fastWriter is not null && raw is not null && raw.GetType() == fastWriter.RowType)
                        {
                            index++;
                            batch!.Mark();
                            try
                            {
                                fastWriter.Append(raw, batch);
                                batch.EndRow();
                                fastRows++;
                                written++;
                                KillPoints.Hit("extract.item");
                                batch.FlushFull();
                                continue;
                            }
                            catch (TypedRowRejectedException)
                            {
                                batch.Rollback();
                                index--; // the general loop below counts it again and sends it the dynamic path
                            }
                            catch (Exception e) when (e is InvalidCastException or FormatException or ArgumentException)
                            {
                                throw new DltDataException($"Resource `{resource.Name}`, item {resource.Name}[{index}]: {e.Message}", e);
                            }
                        }
                        foreach (var item in Unbatch(raw))
                        {
                            index++;
                            if (item is null) continue;
                            if (!decided)
                            {
                                decided = true;
                                if (resource.Incremental is null && TypedTableWriters.Find(item.GetType()) is { } candidate)
                                {
                                    batch = TypedFastPath.TryCreate(candidate, schema, table, loadId, package.JobsDir(LoadPackage.NewJobs), maxRowsPerFile);
                                    if (batch is not null && early is not null && Load.EarlyLoader.LoadsEarly(schema.GetWriteDisposition(table.Name))) AttachEarlyLoad(batch, early, schema);
                                    if (batch is not null) fastWriter = candidate;
                                }
                            }
                            var fast = false;
                            var dynamic = false;
                            object? value = null;
                            try
                            {
                                if (fastWriter is not null && item.GetType() == fastWriter.RowType)
                                {
                                    batch!.Mark();
                                    try
                                    {
                                        fastWriter.Append(item, batch);
                                        batch.EndRow();
                                        fast = true;
                                    }
                                    catch (TypedRowRejectedException)
                                    {
                                        // the dynamic path reports the row's problem, in the normalize step as for any other row
                                        batch.Rollback();
                                    }
                                }
                                if (!fast && resource.Incremental is { } inc)
                                {
                                    // the cursor is read from the value model, so incremental items are converted first
                                    // (the position closure lives in this block only: plain items allocate none)
                                    var at = index;
                                    Func<string> position = () => $"{resource.Name}[{at}]";
                                    value = ItemConverter.ToValue(item, null, 0);
                                    if (value is null || !inc.Filter(value, resource.Name, position)) continue;
                                    dynamic = true;
                                }
                                else if (!fast)
                                {
                                    // converted here, on the iterator's thread: the item may be reused by the iterator once it moves on
                                    value = ItemConverter.ToValue(item, null, 0);
                                    dynamic = true;
                                }
                            }
                            catch (DltDataException)
                            {
                                // convert again with paths so the message names the exact position of the bad value
                                ItemConverter.ToValue(item, $"{resource.Name}[{index}]");
                                throw;
                            }
                            catch (Exception e) when (e is InvalidCastException or FormatException or ArgumentException)
                            {
                                throw new DltDataException($"Resource `{resource.Name}`, item {resource.Name}[{index}]: {e.Message}", e);
                            }
                            if (fast)
                            {
                                fastRows++;
                                batch!.FlushFull();
                            }
                            else if (dynamic)
                            {
                                await dynamicPipe.AddAsync(value).ConfigureAwait(false);
                            }
                            written++;
                            KillPoints.Hit("extract.item");
                        }
                        if (resource.Incremental is { Exhausted: true }) break;
                    }
                    await dynamicPipe.CompleteAsync().ConfigureAwait(false);
                    drained = true;
                    }
                    finally
                    {
                        // after a failure here, the items still queued are dropped with the package
                        if (!drained) await dynamicPipe.AbandonAsync().ConfigureAwait(false);
                        if (asyncItems is not null) await asyncItems.DisposeAsync().ConfigureAwait(false);
                    }
                    writer.Flush();
                    fs.Write(buffer.WrittenSpan);
                }
                if (batch is not null)
                {
                    batch.Complete();
                    TypedTableWriters.CountRows(fastRows);
                    KillPoints.Hit("extract.typed_files");
                }
                }
                catch
                {
                    batch?.Abandon();
                    throw;
                }
                resource.Incremental?.Commit();
                counts[tableName] = counts.GetValueOrDefault(tableName) + written;
                // replace with no data still truncates, when the table has data in the destination (spec 5.3)
                if (jsonLines == 0 && !(written == 0 && table.WriteDisposition == WriteDispositionKind.Replace && table.SeenData))
                    File.Delete(path);
            }

            if (atExtract is not null)
            {
                atExtract.Flush();
                atExtract.SaveTo(packageState);
            }
            if (itemOffsets.Count > 0) packageState["item_offsets"] = itemOffsets;
            state.Document["default_schema_name"] ??= schema.Name;
            var names = new SortedSet<string>(StringComparer.Ordinal) { schema.Name };
            if (state.Document["schema_names"] is JsonArray existingNames)
                foreach (var n in existingNames) names.Add(n!.GetValue<string>());
            state.Document["schema_names"] = new JsonArray([.. names.Select(n => (JsonNode)JsonValue.Create(n))]);

            if (state.BumpVersion() || state.Local["_last_extracted_hash"]?.GetValue<string>() != state.VersionHash)
            {
                WriteStateItem(package, schema, state, pipelineName, loadId);
                state.Local["_last_extracted_hash"] = state.VersionHash;
                state.Local["_last_extracted_at"] = TypeCoercion.FormatIso(DateTimeOffset.UtcNow);
            }
            packageState["pipeline_state"] = state.Document.DeepClone();

            schema.BumpVersion();
            package.WriteSchema(schema);
            package.WriteState(packageState);
            // early copies read the job files where extract wrote them: finish them before the files move into the package
            if (early is not null) await early.DrainAsync().ConfigureAwait(false);
            KillPoints.Hit("extract.before_schema_save");
            storage.SaveSchema(schema);
            KillPoints.Hit("extract.before_commit");
            // the rename commits the package, which carries the new state; state.json follows (Recover adopts a newer package state)
            AtomicFile.MoveDirectory(tempDir, Path.Combine(storage.ExtractedDir, loadId));
            KillPoints.Hit("extract.after_commit");
            storage.SaveState(state.Document);
        }
        catch
        {
            // job files may still be written in the background: let them finish before their folder goes
            atExtract?.Abandon();
            if (Directory.Exists(tempDir)) Directory.Delete(tempDir, recursive: true);
            throw;
        }
        return new ExtractMetrics(loadId, schema.Name, counts);
    }

    /// <summary>
    /// Sends the finished job files of a typed batch to the early loader, each with its table's schema as normalize will
    /// finish it (the job files' system columns added as normalize adds them), so the destination table is created as
    /// the usual load would create it.
    /// </summary>
    private static void AttachEarlyLoad(TypedBatch batch, Load.EarlyLoader early, DltSchema schema)
    {
        var snapshot = schema.Clone();
        var ignored = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in batch.Tables)
        {
            var table = snapshot.GetTable(t.Name)!;
            foreach (var name in t.SystemColumns())
                if (table.GetColumn(name) is not { IsComplete: true }) Normalizer.AddSystemColumn(snapshot, table, name, Normalizer.SystemColumnType(name)!.Value, ignored);
            var disposition = snapshot.GetWriteDisposition(t.Name);
            t.FileWritten = (path, columns, rows) => early.FileWritten(path, table, disposition, columns, rows);
            t.EarlyCopiesFromMemory = early.CopiesFromMemory;
        }
        // the batch exists because a row arrived, so a file will follow: connect while it fills
        early.Prepare();
    }

    private static IEnumerable<object?> Unbatch(object? raw)
    {
        // a top-level item that is itself a list is a batch of items (spec 2.1)
        switch (raw)
        {
            case null: yield break;
            case string or System.Collections.IDictionary or IDictionary<string, object?> or JsonObject or DltObject:
                yield return raw;
                yield break;
            case JsonArray arr:
                foreach (var i in arr) yield return i;
                yield break;
            case JsonElement { ValueKind: JsonValueKind.Array } je:
                foreach (var i in je.EnumerateArray()) yield return i;
                yield break;
            case List<object?> list:
                foreach (var i in list) yield return i;
                yield break;
            case byte[]:
                yield return raw;
                yield break;
            case System.Collections.IEnumerable seq when raw is not IEnumerable<KeyValuePair<string, object?>>:
                foreach (var i in seq) yield return i;
                yield break;
            default:
                yield return raw;
                yield break;
        }
    }

    private static void WriteStateItem(LoadPackage package, DltSchema schema, PipelineState state, string pipelineName, string loadId)
    {
        schema.EnsureStateTable();
        var path = Path.Combine(package.JobsDir(LoadPackage.NewJobs), JobFileName.New(DltSchema.StateTableName, "typed-jsonl").ToString());
        using var fs = new FileStream(path, FileMode.Create);
        using var w = new Utf8JsonWriter(fs);
        var item = new DltObject
        {
            { "version", (long)state.Version },
            { "engine_version", (long)PipelineState.EngineVersion },
            { "pipeline_name", pipelineName },
            { "state", state.Compress() },
            { "created_at", DateTimeOffset.UtcNow },
            { "version_hash", state.VersionHash },
            { "_dlt_load_id", loadId },
        };
        TypedJson.Write(w, item);
    }

    /// <summary>Turns resource hints into the root table's schema (spec 4.4).</summary>
    internal static TableSchema ApplyHints(DltSchema schema, DltResource resource, string tableName)
    {
        var hints = resource.Hints;
        var naming = schema.Naming;
        var table = schema.GetTable(tableName) ?? schema.AddTable(new TableSchema(tableName));
        if (table.Parent is not null)
            throw new PipelineConfigException($"Resource `{resource.Name}` loads into `{tableName}`, which is a nested table of `{table.Parent}`. Choose another table name.");
        table.Resource ??= resource.Name;
        var wd = hints.WriteDisposition;
        if (wd is not null)
        {
            table.WriteDisposition = wd.Kind;
            table.MergeStrategy = wd.Kind == WriteDispositionKind.Merge ? wd.Strategy : null;
            table.ExtensionHints.Remove("x-boundary-timestamp");
            if (wd.BoundaryTimestamp is { } bt) table.ExtensionHints["x-boundary-timestamp"] = TypeCoercion.FormatIso(bt);
            if (wd.Deduplicated) table.ExtensionHints["x-stage-data-deduplicated"] = true;
        }
        table.WriteDisposition ??= WriteDispositionKind.Append;
        if (hints.SchemaContract is not null) table.SchemaContract = hints.SchemaContract;
        if (hints.MaxTableNesting is not null) table.MaxNesting = hints.MaxTableNesting;
        if (hints.FileFormat is not null) table.FileFormat = hints.FileFormat;
        if (hints.TableFormat is not null) table.TableFormat = hints.TableFormat;

        var incoming = new List<ColumnSchema>();
        foreach (var c in hints.Columns)
        {
            var col = c.Clone();
            col.Name = naming.NormalizePath(c.Name);
            incoming.Add(col);
        }
        void ApplyKey(List<string>? keys, Action<ColumnSchema, bool> set, Func<ColumnSchema, bool> get)
        {
            if (keys is null) return;
            foreach (var col in incoming) set(col, false);
            foreach (var k in keys)
            {
                var name = naming.NormalizePath(k);
                var col = incoming.FirstOrDefault(x => x.Name == name);
                if (col is null) incoming.Add(col = new ColumnSchema(name));
                set(col, true);
                col.Nullable ??= false;
            }
        }
        ApplyKey(hints.PrimaryKey, (c, v) => c.PrimaryKey = v, c => c.PrimaryKey);
        ApplyKey(hints.MergeKey, (c, v) => c.MergeKey = v, c => c.MergeKey);
        if (resource.Incremental is { } inc && !inc.CursorPath.Contains('.') && !inc.CursorPath.Contains('['))
        {
            var name = naming.NormalizePath(inc.CursorPath);
            var col = incoming.FirstOrDefault(x => x.Name == name);
            if (col is null) incoming.Add(col = new ColumnSchema(name));
            col.Incremental = true;
        }

        // compound hints are authoritative: a key arriving now replaces the key stored before
        if (incoming.Any(c => c.PrimaryKey)) foreach (var c in table.Columns) c.PrimaryKey = false;
        if (incoming.Any(c => c.MergeKey)) foreach (var c in table.Columns) c.MergeKey = false;
        if (incoming.Any(c => c.Incremental)) foreach (var c in table.Columns) c.Incremental = false;
        foreach (var col in incoming)
        {
            var existing = table.GetColumn(col.Name);
            if (existing is { IsComplete: true } && col.DataType is { } dt && dt != existing.DataType)
                throw new SchemaCorruptedException(
                    $"Resource `{resource.Name}`: the hint for column `{col.Name}` of table `{tableName}` sets data_type `{dt.ToDltName()}`, but the column already has type `{existing.DataType!.Value.ToDltName()}`. " +
                    "Types of existing columns are never changed; drop the table (refresh: drop_resources) or load into a new column.");
            table.AddOrMergeColumn(col);
        }

        if (wd is { Kind: WriteDispositionKind.Merge, Strategy: MergeStrategy.Scd2 })
        {
            var (from, to) = wd.ValidityColumnNames ?? ("_dlt_valid_from", "_dlt_valid_to");
            from = naming.NormalizePath(from);
            to = naming.NormalizePath(to);
            foreach (var c in table.Columns)
            {
                c.ExtensionHints.Remove("x-valid-from");
                c.ExtensionHints.Remove("x-valid-to");
                c.ExtensionHints.Remove("x-row-version");
            }
            var fromCol = table.AddOrMergeColumn(new ColumnSchema(from, DltDataType.Timestamp) { Nullable = true });
            fromCol.ExtensionHints["x-valid-from"] = true;
            var toCol = table.AddOrMergeColumn(new ColumnSchema(to, DltDataType.Timestamp) { Nullable = true });
            toCol.ExtensionHints["x-valid-to"] = true;
            toCol.ExtensionHints["x-active-record-timestamp"] = wd.ActiveRecordTimestamp is { } art ? TypeCoercion.FormatIso(art) : null;
            var versionName = wd.RowVersionColumnName is { } rv ? naming.NormalizePath(rv) : "_dlt_id";
            var versionCol = table.AddOrMergeColumn(new ColumnSchema(versionName) { Nullable = false });
            versionCol.ExtensionHints["x-row-version"] = true;
            if (versionName == "_dlt_id")
            {
                versionCol.DataType ??= DltDataType.Text;
                versionCol.Unique = false;
                versionCol.RowKey = false;
            }
        }
        NestedTableHints.Apply(schema, table, resource);
        return table;
    }

    private static void ApplyRefresh(DltSource source, List<DltResource> resources, DltSchema schema, PipelineState state, RefreshMode? refresh, JsonObject packageState)
    {
        if (refresh is null) return;
        var dropped = new JsonArray();
        var truncated = new JsonArray();
        IEnumerable<TableSchema> Chains(IEnumerable<TableSchema> roots) => roots.SelectMany(r => schema.GetTableChain(r.Name)).ToList();
        var resourceNames = resources.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var rootsOfResources = schema.DataTables.Where(t => t.Parent is null && t.Resource is not null && resourceNames.Contains(t.Resource)).ToList();
        switch (refresh)
        {
            case RefreshMode.DropSources:
                foreach (var t in Chains(schema.DataTables.Where(t => t.Parent is null)))
                {
                    dropped.Add((JsonNode)t.Name);
                    schema.RemoveTable(t.Name);
                }
                state.RemoveSource(source.Name);
                packageState["drop_schema_history"] = true;
                break;
            case RefreshMode.DropResources:
                foreach (var t in Chains(rootsOfResources))
                {
                    dropped.Add((JsonNode)t.Name);
                    schema.RemoveTable(t.Name);
                }
                foreach (var r in resources) state.RemoveResource(source.Name, r.Name);
                packageState["drop_schema_history"] = true;
                break;
            case RefreshMode.DropData:
                foreach (var t in Chains(rootsOfResources)) truncated.Add((JsonNode)t.Name);
                foreach (var r in resources) state.RemoveResource(source.Name, r.Name);
                break;
        }
        packageState["dropped_tables"] = dropped;
        packageState["truncated_tables"] = truncated;
    }
}

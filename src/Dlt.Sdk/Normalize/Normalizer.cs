using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Normalize;

/// <summary>What normalize did to one package.</summary>
public sealed record NormalizeMetrics(string LoadId, IReadOnlyDictionary<string, long> RowCounts, long DiscardedRows, long DiscardedValues);

/// <summary>
/// The normalize phase: turns an extracted package (typed JSON lines per resource table) into a load package of
/// Parquet job files per table, evolving the schema on the way. Commits by renaming the package folder.
/// </summary>
internal sealed class Normalizer(PipelineStorage storage, NormalizeSettings settings)
{
    public NormalizeMetrics NormalizePackage(string loadId, CancellationToken ct)
    {
        KillPoints.Hit("normalize.begin");
        var extracted = new LoadPackage(Path.Combine(storage.ExtractedDir, loadId));
        var packageSchema = extracted.ReadSchema();
        // the live schema carries what earlier packages inferred; the package snapshot carries this extract's hints
        var schema = storage.LoadSchema(packageSchema.Name) is { } live && live.Version >= packageSchema.Version ? live : packageSchema;
        schema = schema.Clone();
        if (settings.Naming is { } naming) schema.Naming = naming;
        var packageState = extracted.ReadState();

        var tempDir = Path.Combine(storage.NormalizeTempDir, loadId);
        if (Directory.Exists(tempDir)) Directory.Delete(tempDir, recursive: true);
        var target = new LoadPackage(tempDir);
        target.Create();
        var jobsDir = target.JobsDir(LoadPackage.NewJobs);

        ConfigureRootKeys(schema);
        var writers = new Dictionary<string, TableRowBuffer>(StringComparer.Ordinal);
        TableRowBuffer WriterFor(string table) =>
            writers.TryGetValue(table, out var w) ? w : writers[table] = new TableRowBuffer(schema.GetTable(table)!, jobsDir, settings.MaxRowsPerFile);

        var coercer = new RowCoercer(schema, WriterFor, runContract: null);
        var relational = new RelationalNormalizer(schema, coercer, loadId);
        var emptyTables = new List<string>();

        try
        {
            foreach (var file in extracted.ListJobs(LoadPackage.NewJobs))
            {
                ct.ThrowIfCancellationRequested();
                var job = JobFileName.Parse(file);
                var items = 0L;
                foreach (var item in ReadItems(file, job.TableName))
                {
                    relational.NormalizeItem(item, job.TableName, new ItemRef(job.TableName, items));
                    items++;
                    if ((items & 0x3FF) == 0) ct.ThrowIfCancellationRequested();
                }
                if (items == 0) emptyTables.Add(job.TableName);
            }
            foreach (var w in writers.Values) w.Flush();
            foreach (var table in emptyTables)
                if (!writers.ContainsKey(table) && schema.GetTable(table) is not null)
                    WriterFor(table).WriteEmptyJob();
        }
        catch
        {
            Directory.Delete(tempDir, recursive: true);
            throw;
        }

        var rowCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (table, w) in writers)
        {
            rowCounts[table] = w.RowCount;
            if (w.RowCount > 0)
            {
                w.Table.SeenData = true;
                w.Table.EvolveColumnsOnce = false;
                foreach (var col in w.Table.Columns)
                    if (!col.IsComplete && !col.IsNullable)
                    {
                        Directory.Delete(tempDir, recursive: true);
                        throw new UnboundColumnException(schema.Name, table, col.Name);
                    }
            }
        }

        KillPoints.Hit("normalize.after_files");
        schema.BumpVersion();
        target.WriteSchema(schema);
        var updates = new JsonObject();
        foreach (var (table, cols) in coercer.AddedColumns)
            updates[table] = new JsonArray([.. cols.Select(c => (JsonNode)JsonValue.Create(c))]);
        packageState["schema_updates"] = updates;
        packageState["discarded_rows"] = coercer.DiscardedRows;
        packageState["discarded_values"] = coercer.DiscardedValues;
        var counts = new JsonObject();
        foreach (var (t, c) in rowCounts) counts[t] = c;
        packageState["row_counts"] = counts;
        target.WriteState(packageState);

        storage.SaveSchema(schema);
        KillPoints.Hit("normalize.before_commit");
        AtomicFile.MoveDirectory(tempDir, Path.Combine(storage.NormalizedDir, loadId));
        KillPoints.Hit("normalize.after_commit");
        Directory.Delete(extracted.Path, recursive: true);
        return new NormalizeMetrics(loadId, rowCounts, coercer.DiscardedRows, coercer.DiscardedValues);
    }

    /// <summary>Root tables merged with delete-insert, upsert or insert-only propagate <c>_dlt_root_id</c> (spec 2.7).</summary>
    private static void ConfigureRootKeys(DltSchema schema)
    {
        foreach (var t in schema.DataTables.Where(t => t.Parent is null))
        {
            if (t.WriteDisposition == WriteDispositionKind.Merge && (t.MergeStrategy ?? MergeStrategy.DeleteInsert) != MergeStrategy.Scd2)
                schema.RootKeyPropagation.Add(t.Name);
            else if (schema.GetTableChain(t.Name).Skip(1).Any(n => n.Columns.Any(c => c.RootKey)))
                schema.RootKeyPropagation.Add(t.Name);
        }
    }

    /// <summary>Reads typed JSON lines straight from UTF-8 bytes (no string per line).</summary>
    private static IEnumerable<object?> ReadItems(string file, string table)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        int start = 0, end = 0, lineNo = 0;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline < 0)
            {
                // move the partial line to the front, grow for very long lines, read more
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var read = stream.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    if (end > start) yield return ParseLine(buffer.AsSpan(start, end - start), file, table, ++lineNo);
                    yield break;
                }
                end += read;
                continue;
            }
            lineNo++;
            if (newline > start) yield return ParseLine(buffer.AsSpan(start, newline - start), file, table, lineNo);
            start = newline + 1;
        }
    }

    private static object? ParseLine(ReadOnlySpan<byte> line, string file, string table, int lineNo)
    {
        try
        {
            var r = new Utf8JsonReader(line);
            r.Read();
            return TypedJson.Read(ref r);
        }
        catch (JsonException e)
        {
            throw new DltDataException($"Extracted file {Path.GetFileName(file)} of table `{table}` has malformed JSON on line {lineNo}: {e.Message}", e);
        }
    }
}

/// <summary>Settings of the normalize phase; <c>Naming</c> is the destination's convention (its identifier length limit), which stored schemas do not carry.</summary>
internal sealed record NormalizeSettings(int MaxRowsPerFile = 200_000, NamingConvention? Naming = null);

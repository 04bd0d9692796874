using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Normalize;

/// <summary>What normalize did to one package; <paramref name="TypedRows"/> counts rows of job files extract wrote already (typed fast path, in-memory items), which were validated and linked.</summary>
public sealed record NormalizeMetrics(string LoadId, IReadOnlyDictionary<string, long> RowCounts, long DiscardedRows, long DiscardedValues, long TypedRows = 0);

/// <summary>
/// The normalize phase: turns an extracted package (typed JSON lines per resource table) into a load package of
/// Parquet job files per table, evolving the schema on the way. Commits by renaming the package folder.
/// </summary>
internal sealed partial class Normalizer(PipelineStorage storage, NormalizeSettings settings)
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
        // what extract already normalized from in-memory items (its job files are among the pre-shaped Parquet files)
        var atExtract = PackageNormalizer.LoadFrom(packageState);
        var rows = new PackageNormalizer(schema, loadId, jobsDir, settings.MaxRowsPerFile, atExtract.NewTables);
        var coercer = rows.Coercer;
        var writers = rows.Writers;
        var emptyTables = new List<string>();
        // pre-shaped Parquet files of typed rows (written at extract by generated columnar writers): validated and copied
        var typedCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        var typedAdded = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        try
        {
            foreach (var file in extracted.ListJobs(LoadPackage.NewJobs))
            {
                ct.ThrowIfCancellationRequested();
                var job = JobFileName.Parse(file);
                if (job.FileFormat == ParquetJobWriter.Format)
                {
                    var fileRows = AcceptTypedFile(file, job, schema, jobsDir, typedAdded);
                    typedCounts[job.TableName] = typedCounts.GetValueOrDefault(job.TableName) + fileRows;
                    KillPoints.Hit("normalize.typed_file");
                    continue;
                }
                // items before this file's first were normalized at extract (see Extractor): positions continue from there
                var first = packageState["item_offsets"]?[Path.GetFileName(file)]?.GetValue<long>() ?? 0;
                var items = 0L;
                foreach (var item in ReadItems(file, job.TableName))
                {
                    rows.Normalize(item, job.TableName, new ItemRef(job.TableName, first + items));
                    items++;
                    if ((items & 0x3FF) == 0) ct.ThrowIfCancellationRequested();
                }
                if (items == 0) emptyTables.Add(job.TableName);
            }
            rows.Flush();
            foreach (var table in emptyTables)
                if (!writers.ContainsKey(table) && !typedCounts.ContainsKey(table) && schema.GetTable(table) is not null)
                    rows.WriterFor(table).WriteEmptyJob();
        }
        catch
        {
            rows.Abandon();
            Directory.Delete(tempDir, recursive: true);
            throw;
        }

        var rowCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (table, w) in writers) rowCounts[table] = w.RowCount;
        foreach (var (table, n) in typedCounts) rowCounts[table] = rowCounts.GetValueOrDefault(table) + n;
        foreach (var (table, n) in rowCounts)
        {
            if (n > 0)
            {
                var t = schema.GetTable(table)!;
                t.SeenData = true;
                t.EvolveColumnsOnce = false;
                foreach (var col in t.Columns)
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
        foreach (var (table, cols) in atExtract.AddedColumns)
            updates[table] = new JsonArray([.. cols.Select(c => (JsonNode)JsonValue.Create(c))]);
        foreach (var (table, cols) in coercer.AddedColumns.Concat(typedAdded))
        {
            var list = updates[table] as JsonArray ?? (JsonArray)(updates[table] = new JsonArray());
            foreach (var c in cols)
                if (!list.Any(n => n!.GetValue<string>() == c)) list.Add((JsonNode)JsonValue.Create(c));
        }
        packageState["schema_updates"] = updates;
        packageState["discarded_rows"] = atExtract.DiscardedRows + coercer.DiscardedRows;
        packageState["discarded_values"] = atExtract.DiscardedValues + coercer.DiscardedValues;
        var counts = new JsonObject();
        foreach (var (t, c) in rowCounts) counts[t] = c;
        packageState["row_counts"] = counts;
        target.WriteState(packageState);

        storage.SaveSchema(schema);
        KillPoints.Hit("normalize.before_commit");
        AtomicFile.MoveDirectory(tempDir, Path.Combine(storage.NormalizedDir, loadId));
        KillPoints.Hit("normalize.after_commit");
        Directory.Delete(extracted.Path, recursive: true);
        return new NormalizeMetrics(loadId, rowCounts, atExtract.DiscardedRows + coercer.DiscardedRows, atExtract.DiscardedValues + coercer.DiscardedValues,
            typedCounts.Values.Sum());
    }

    /// <summary>Root tables merged with delete-insert, upsert or insert-only propagate <c>_dlt_root_id</c> (spec 2.7).</summary>
    internal static void ConfigureRootKeys(DltSchema schema)
    {
        foreach (var t in schema.DataTables.Where(t => t.Parent is null))
            if (PropagatesRootKey(schema, t)) schema.RootKeyPropagation.Add(t.Name);
    }

    /// <summary>Whether the rows of nested tables of <paramref name="root"/> carry <c>_dlt_root_id</c> (also decided at extract for typed rows).</summary>
    internal static bool PropagatesRootKey(DltSchema schema, TableSchema root) =>
        schema.RootKeyPropagation.Contains(root.Name)
        || (root.WriteDisposition == WriteDispositionKind.Merge && (root.MergeStrategy ?? MergeStrategy.DeleteInsert) != MergeStrategy.Scd2)
        || schema.GetTableChain(root.Name).Skip(1).Any(n => n.Columns.Any(c => c.RootKey));

    /// <summary>dlt's system columns and their types, as the relational normalizer creates them.</summary>
    internal static DltDataType? SystemColumnType(string name) => name switch
    {
        "_dlt_load_id" or "_dlt_id" or "_dlt_parent_id" or "_dlt_root_id" => DltDataType.Text,
        "_dlt_list_idx" => DltDataType.Bigint,
        _ => null,
    };

    /// <summary>
    /// Validates a pre-shaped Parquet file of typed rows against the schema (every column known, with the physical type
    /// of its data type; system columns are added as the relational normalizer adds them) and links it into the load
    /// package (hard link or copy, not moved: the extracted package stays complete until normalize commits). Returns its rows.
    /// </summary>
    private static long AcceptTypedFile(string file, JobFileName job, DltSchema schema, string jobsDir, Dictionary<string, List<string>> added)
    {
        var name = Path.GetFileName(file);
        var table = schema.GetTable(job.TableName)
                    ?? throw new SchemaCorruptedException($"Extracted job file {name} holds typed rows of table `{job.TableName}`, which the schema does not know.");
        var root = table;
        while (root.Parent is not null) root = schema.GetTable(root.Parent)!;
        long rows = 0;
        var reader = Parquet.ParquetReader.CreateAsync(file).GetAwaiter().GetResult();
        try
        {
            var hasRootId = false;
            foreach (var field in reader.Schema.GetDataFields())
            {
                var col = table.GetColumn(field.Name);
                if (col is not { IsComplete: true })
                {
                    var type = SystemColumnType(field.Name)
                               ?? throw new SchemaCorruptedException($"Extracted job file {name} has column `{field.Name}` that table `{table.Name}` does not know with a data type.");
                    col = AddSystemColumn(schema, table, field.Name, type, added);
                }
                hasRootId |= field.Name == "_dlt_root_id";
                var clr = field.ClrType;
                var matches = ParquetJobWriter.KindOf(col.DataType!.Value) switch
                {
                    PhysicalKind.Int64 or PhysicalKind.Micros => clr == typeof(long),
                    PhysicalKind.Double => clr == typeof(double),
                    PhysicalKind.Bool => clr == typeof(bool),
                    PhysicalKind.Bytes => clr == typeof(byte[]) || clr == typeof(ReadOnlyMemory<byte>),
                    _ => clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>),
                };
                if (!matches)
                    throw new SchemaCorruptedException(
                        $"Extracted job file {name} stores column `{col.Name}` of table `{table.Name}` as {clr.Name}, which does not match its type {col.DataType.Value.ToDltName()}.");
            }
            if (table.Parent is not null && hasRootId != schema.RootKeyPropagation.Contains(root.Name))
                throw new SchemaCorruptedException(
                    $"Extracted job file {name} of nested table `{table.Name}` {(hasRootId ? "has" : "lacks")} `_dlt_root_id`, but root key propagation of `{root.Name}` says otherwise. Drop the pending package and extract again.");
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                rows += rg.RowCount;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        LinkOrCopy(file, Path.Combine(jobsDir, name));
        return rows;
    }

    /// <summary>
    /// A hard link where the OS has them (no data copied; the extracted package keeps its file until normalize commits
    /// and deletes it), else a copy. A move would lose the file if the process died before the commit.
    /// </summary>
    private static void LinkOrCopy(string from, string to)
    {
        if (File.Exists(to)) File.Delete(to);
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                if (Link(from, to) == 0) return;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // no libc link(): copy
            }
        }
        File.Copy(from, to, overwrite: true);
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "link", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);

    /// <summary>Adds a system column with the properties <see cref="RowCoercer"/> gives a new column (default hints of the schema).</summary>
    internal static ColumnSchema AddSystemColumn(DltSchema schema, TableSchema table, string name, DltDataType type, Dictionary<string, List<string>> added)
    {
        var newColumn = new ColumnSchema(name, type)
        {
            Nullable = !schema.HasDefaultHint("not_null", name),
            Unique = schema.HasDefaultHint("unique", name),
            RowKey = schema.HasDefaultHint("row_key", name),
            ParentKey = schema.HasDefaultHint("parent_key", name),
            RootKey = schema.HasDefaultHint("root_key", name),
        };
        var existing = table.GetColumn(name);
        if (existing is null) table.AddOrMergeColumn(newColumn);
        else
        {
            // user's partial hints win over inferred properties
            var userHints = existing.Clone();
            existing.DataType = newColumn.DataType;
            existing.MergeFrom(newColumn);
            existing.MergeFrom(userHints);
            existing.DataType = newColumn.DataType;
        }
        if (!added.TryGetValue(table.Name, out var list)) added[table.Name] = list = [];
        list.Add(name);
        return table.GetColumn(name)!;
    }

    /// <summary>Reads typed JSON lines straight from UTF-8 bytes (no string per line).</summary>
    private static IEnumerable<object?> ReadItems(string file, string table)
    {
        foreach (var (line, lineNo) in JsonLinesReader.Lines(file)) yield return ParseLine(line.Span, file, table, lineNo);
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

using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using DltNet.Schema;

namespace DltNet.Destinations.Sql;

/// <summary>
/// The load logic every SQL destination shares (spec 8.4 load details, 5.1–5.6): dataset and table migrations (add only),
/// refresh drops and truncates, replace truncation, staging tables for merge chains, follow-up merge SQL and the system tables.
/// A whole package is applied in one transaction with its <c>_dlt_loads</c> row, so a package is loaded exactly once
/// (a crash before commit leaves the destination as it was; after commit the next run finds the load id and skips it).
/// Destinations supply the connection, the bulk copy of a job file and the <see cref="SqlDialect"/>.
/// </summary>
public abstract class SqlJobClient(string datasetName, DestinationCapabilities caps, SqlDialect dialect) : IDestinationClient
{
    /// <summary>Final dataset (schema).</summary>
    protected string Dataset { get; } = datasetName;
    /// <summary>Staging dataset of merge chains: <c>&lt;dataset&gt;_staging</c>, shortened with dlt's tag when longer than the identifier limit.</summary>
    protected string StagingDataset { get; } = NamingConvention.ShortenIdentifier(datasetName + "_staging", datasetName + "_staging", caps.MaxIdentifierLength);
    /// <summary>Capabilities.</summary>
    protected DestinationCapabilities Capabilities { get; } = caps;
    /// <summary>SQL dialect.</summary>
    protected SqlDialect Dialect { get; } = dialect;

    /// <summary>The open connection.</summary>
    protected abstract DbConnection Connection { get; }
    /// <summary>The transaction of the package being loaded.</summary>
    protected DbTransaction? Transaction { get; private set; }

    /// <summary>Loads one job file into a table (the destination's bulk path).</summary>
    protected abstract Task CopyJobAsync(LoadJob job, string dataset, TableSchema table, CancellationToken ct);

    /// <summary>
    /// Copies the typed column arrays a job file was written from (same columns and rows as the file) into a table;
    /// destinations with <see cref="DestinationCapabilities.CopiesColumnBatches"/> override it, others copy the file.
    /// </summary>
    internal virtual Task CopyColumnsAsync(string filePath, IReadOnlyList<Storage.ParquetJobWriter.JobColumn> columns, int rows, string dataset, TableSchema table, CancellationToken ct) =>
        CopyJobAsync(FileJob(filePath, table), dataset, table, ct);

    private static LoadJob FileJob(string filePath, TableSchema table) => new(filePath, table.Name, Storage.JobFileName.Parse(filePath).FileFormat);

    /// <summary>Runs a statement (destinations may override to translate their errors).</summary>
    protected virtual async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = Transaction;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Runs a query and returns its rows.</summary>
    protected async Task<List<object?[]>> QueryAsync(string sql, CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = Transaction;
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Existing column names of a table, or null when it does not exist.</summary>
    protected virtual async Task<HashSet<string>?> GetExistingColumnsAsync(string dataset, string table, CancellationToken ct)
    {
        var rows = await QueryAsync(
            $"SELECT column_name FROM information_schema.columns WHERE table_schema = {Dialect.Literal(dataset)} AND table_name = {Dialect.Literal(table)}", ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True when a table exists.</summary>
    protected async Task<bool> TableExistsAsync(string dataset, string table, CancellationToken ct) =>
        (await QueryAsync($"SELECT 1 FROM information_schema.tables WHERE table_schema = {Dialect.Literal(dataset)} AND table_name = {Dialect.Literal(table)}", ct).ConfigureAwait(false)).Count > 0;

    // early load (see Load/EarlyLoader): job files copied in the package's transaction while extract still runs
    private string? _earlyLoadId;
    private readonly Dictionary<string, (TableSchema Table, bool Staging)> _earlyTables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _earlyFiles = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens the transaction of package <paramref name="loadId"/> before the package is complete, so job files can be
    /// copied as extract writes them (<see cref="CopyEarlyJobAsync"/>); <see cref="LoadPackageAsync"/> then finishes
    /// the package in the same transaction. Nothing is committed before the package is complete.
    /// </summary>
    internal async Task BeginEarlyLoadAsync(string loadId, CancellationToken ct)
    {
        if (Transaction is not null) throw new InvalidOperationException("A package is already being loaded on this client.");
        Transaction = await Connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        _earlyLoadId = loadId;
        await ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {Dialect.Quote(Dataset)}", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies one job file during an early load: of an append table into the dataset, of a merge table
    /// (<paramref name="toStaging"/>) into the staging dataset, whose table is emptied before its first file as the
    /// usual load would. The table is created or migrated first from <paramref name="table"/>.
    /// </summary>
    internal async Task CopyEarlyJobAsync(string filePath, TableSchema table, bool toStaging, IReadOnlyList<Storage.ParquetJobWriter.JobColumn>? columns, int rows, CancellationToken ct)
    {
        if (_earlyLoadId is null) throw new InvalidOperationException("No early load was begun.");
        var dataset = toStaging ? StagingDataset : Dataset;
        var (known, staging) = _earlyTables.GetValueOrDefault(table.Name);
        if (known is not null && staging != toStaging)
            throw new DestinationCapabilitiesException($"Table `{table.Name}` changed between append and merge during the extract; the package loads the usual way.");
        if (known is null || CompleteColumns(known).Count != CompleteColumns(table).Count)
        {
            if (known is not null && CompleteColumns(table).Skip(CompleteColumns(known).Count).FirstOrDefault(c => !c.IsNullable) is { } notNull)
                throw new DestinationCapabilitiesException($"Column `{notNull.Name}` of `{table.Name}` is NOT NULL and appeared after rows were copied early; the package loads the usual way.");
            if (toStaging && known is null)
            {
                await ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {Dialect.Quote(StagingDataset)}", ct).ConfigureAwait(false);
                await ResetStagingTableAsync(table, ct).ConfigureAwait(false);
            }
            else await MigrateTableAsync(dataset, table, ct).ConfigureAwait(false);
            known = table.Clone();
            _earlyTables[table.Name] = (known, toStaging);
        }
        if (columns is not null) await CopyColumnsAsync(filePath, columns, rows, dataset, known, ct).ConfigureAwait(false);
        else await CopyJobAsync(FileJob(filePath, table), dataset, known, ct).ConfigureAwait(false);
        _earlyFiles.Add(Path.GetFileName(filePath));
        KillPoints.Hit("load.early_job");
    }

    /// <summary>Rolls back an early load (extract failed, or the finished package cannot use what was copied).</summary>
    internal async Task AbandonEarlyLoadAsync()
    {
        if (_earlyLoadId is null) return;
        _earlyLoadId = null;
        _earlyTables.Clear();
        _earlyFiles.Clear();
        if (Transaction is null) return;
        try { await Transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false); }
        catch (Exception) { /* the connection may be gone; nothing was committed either way */ }
        await Transaction.DisposeAsync().ConfigureAwait(false);
        Transaction = null;
    }

    private static List<ColumnSchema> CompleteColumns(TableSchema table) => table.Columns.Where(c => c.IsComplete).ToList();

    /// <summary>
    /// Whether the finished package can be completed on top of the early copies: same load id, no refresh drops or
    /// truncations, and every early table still has the disposition it was copied for (append into the dataset, merge
    /// into staging), with the columns it was copied with first (unchanged) and only nullable columns after them (added
    /// by the usual migration, as for any existing table).
    /// </summary>
    private bool EarlyLoadFits(LoadPackageRequest request)
    {
        if (_earlyLoadId != request.LoadId || request.DroppedTables.Count > 0 || request.TruncatedTables.Count > 0 || request.DropSchemaHistory)
            return false;
        foreach (var (name, (early, staging)) in _earlyTables)
        {
            var final = request.Schema.GetTable(name);
            if (final is null || request.Schema.GetWriteDisposition(name) != (staging ? WriteDispositionKind.Merge : WriteDispositionKind.Append)) return false;
            var a = CompleteColumns(final);
            var b = CompleteColumns(early);
            if (a.Count < b.Count || a.Skip(b.Count).Any(c => !c.IsNullable)) return false;
            for (var i = 0; i < b.Count; i++)
                if (a[i].Name != b[i].Name || a[i].DataType != b[i].DataType || a[i].IsNullable != b[i].IsNullable || a[i].Precision != b[i].Precision
                    || a[i].Scale != b[i].Scale || a[i].Timezone != b[i].Timezone)
                    return false;
        }
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> LoadPackageAsync(LoadPackageRequest request, CancellationToken ct)
    {
        var schema = request.Schema;
        if (_earlyLoadId is not null && !EarlyLoadFits(request)) await AbandonEarlyLoadAsync().ConfigureAwait(false);
        var early = _earlyLoadId is not null;
        _earlyLoadId = null;
        Transaction ??= await Connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            if (await TableExistsAsync(Dataset, DltSchema.LoadsTableName, ct).ConfigureAwait(false))
            {
                var done = await QueryAsync($"SELECT 1 FROM {Dialect.Table(Dataset, DltSchema.LoadsTableName)} WHERE load_id = {Dialect.Literal(request.LoadId)}", ct).ConfigureAwait(false);
                if (done.Count > 0)
                {
                    await Transaction.RollbackAsync(ct).ConfigureAwait(false);
                    return false;
                }
            }
            await ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {Dialect.Quote(Dataset)}", ct).ConfigureAwait(false);
            await MigrateTableAsync(Dataset, schema.GetTable(DltSchema.VersionTableName)!, ct).ConfigureAwait(false);
            await MigrateTableAsync(Dataset, schema.GetTable(DltSchema.LoadsTableName)!, ct).ConfigureAwait(false);

            foreach (var dropped in request.DroppedTables)
            {
                await ExecuteAsync($"DROP TABLE IF EXISTS {Dialect.Table(Dataset, dropped)}", ct).ConfigureAwait(false);
                await ExecuteAsync($"DROP TABLE IF EXISTS {Dialect.Table(StagingDataset, dropped)}", ct).ConfigureAwait(false);
            }
            if (request.DropSchemaHistory)
                await ExecuteAsync($"DELETE FROM {Dialect.Table(Dataset, DltSchema.VersionTableName)} WHERE schema_name = {Dialect.Literal(schema.Name)}", ct).ConfigureAwait(false);

            // table chains taking part in this load: tables with jobs, plus nested tables with data for replace and merge
            var jobTables = request.Jobs.Select(j => j.TableName).ToHashSet(StringComparer.Ordinal);
            foreach (var job in request.Jobs)
            {
                var wd = schema.GetWriteDisposition(job.TableName);
                if (wd == WriteDispositionKind.Skip || (DltSchema.IsDltTable(job.TableName) && job.TableName != DltSchema.StateTableName))
                    throw new LoadClientUnsupportedWriteDisposition(job.TableName, WriteDisposition.KindName(wd), Path.GetFileName(job.FilePath));
            }
            var roots = jobTables.Select(t => schema.GetRootTable(t).Name).Distinct().ToList();
            var chains = new Dictionary<string, List<TableSchema>>(StringComparer.Ordinal);
            foreach (var root in roots)
            {
                var wd = schema.GetWriteDisposition(root);
                var chain = schema.GetTableChain(root)
                    .Where(t => jobTables.Contains(t.Name) || (wd != WriteDispositionKind.Append && t.SeenData))
                    .ToList();
                chains[root] = chain;
            }

            foreach (var chain in chains.Values)
                foreach (var t in chain)
                    await MigrateTableAsync(Dataset, t, ct).ConfigureAwait(false);

            KillPoints.Hit("load.after_migrate");
            var hashRows = await QueryAsync($"SELECT 1 FROM {Dialect.Table(Dataset, DltSchema.VersionTableName)} WHERE version_hash = {Dialect.Literal(schema.VersionHash)}", ct).ConfigureAwait(false);
            if (hashRows.Count == 0) await InsertVersionRowAsync(schema, ct).ConfigureAwait(false);

            foreach (var truncated in request.TruncatedTables)
                if (await TableExistsAsync(Dataset, truncated, ct).ConfigureAwait(false))
                    await ExecuteAsync(Dialect.Truncate(Dialect.Table(Dataset, truncated)), ct).ConfigureAwait(false);

            var mergeRoots = new List<string>();
            foreach (var (root, chain) in chains)
            {
                var wd = schema.GetWriteDisposition(root);
                if (wd == WriteDispositionKind.Replace)
                {
                    foreach (var t in chain) await ExecuteAsync(Dialect.Truncate(Dialect.Table(Dataset, t.Name)), ct).ConfigureAwait(false);
                }
                else if (wd == WriteDispositionKind.Merge)
                {
                    var strategy = schema.GetMergeStrategy(root);
                    if (!Capabilities.SupportedMergeStrategies.Contains(strategy))
                        throw new DestinationCapabilitiesException($"Merge strategy `{WriteDisposition.StrategyName(strategy)}` of table `{root}` is not supported by this destination.");
                    mergeRoots.Add(root);
                    await ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {Dialect.Quote(StagingDataset)}", ct).ConfigureAwait(false);
                    foreach (var t in chain)
                    {
                        // a staging table that received early copies was reset before the first of them: only migrate it
                        if (early && _earlyTables.TryGetValue(t.Name, out var copied) && copied.Staging) await MigrateTableAsync(StagingDataset, t, ct).ConfigureAwait(false);
                        else await ResetStagingTableAsync(t, ct).ConfigureAwait(false);
                    }
                }
            }

            foreach (var job in request.Jobs)
            {
                ct.ThrowIfCancellationRequested();
                if (early && _earlyFiles.Contains(Path.GetFileName(job.FilePath))) continue;
                request.OnJobState?.Invoke(job, "started_jobs");
                var table = schema.GetTable(job.TableName)!;
                var toStaging = schema.GetWriteDisposition(job.TableName) == WriteDispositionKind.Merge;
                if (new FileInfo(job.FilePath).Length > 0)
                    await CopyJobAsync(job, toStaging ? StagingDataset : Dataset, table, ct).ConfigureAwait(false);
                request.OnJobState?.Invoke(job, "completed_jobs");
                KillPoints.Hit("load.after_job");
            }

            KillPoints.Hit("load.before_merge");
            var merge = new MergeSql(Dialect, Dataset, StagingDataset);
            foreach (var root in mergeRoots)
            {
                var keysUnique = merge.DuplicateKeysQuery(chains[root]) is { } duplicates && (await QueryAsync(duplicates, ct).ConfigureAwait(false)).Count == 0;
                foreach (var statement in merge.Build(schema, chains[root], request.CreatedAt, keysUnique))
                {
                    request.BeforeStatement?.Invoke(statement);
                    KillPoints.Hit("load.merge_statement");
                    await ExecuteAsync(statement, ct).ConfigureAwait(false);
                }
            }

            KillPoints.Hit("load.before_loads_row");
            await ExecuteAsync(
                $"INSERT INTO {Dialect.Table(Dataset, DltSchema.LoadsTableName)} (load_id, schema_name, status, inserted_at, schema_version_hash) VALUES " +
                $"({Dialect.Literal(request.LoadId)}, {Dialect.Literal(schema.Name)}, 0, {Dialect.TimestampLiteral(DateTimeOffset.UtcNow)}, {Dialect.Literal(schema.VersionHash)})", ct).ConfigureAwait(false);
            KillPoints.Hit("load.before_commit");
            await Transaction.CommitAsync(ct).ConfigureAwait(false);
            KillPoints.Hit("load.after_commit");
            return true;
        }
        catch
        {
            try { await Transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false); }
            catch (Exception) { /* the original error matters more than a failed rollback */ }
            throw;
        }
        finally
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
            Transaction = null;
            _earlyTables.Clear();
            _earlyFiles.Clear();
        }
    }

    /// <summary>Creates or migrates a table of a merge chain in the staging dataset and empties it (spec 5.1: staging keeps old rows until the table's next load).</summary>
    private async Task ResetStagingTableAsync(TableSchema table, CancellationToken ct)
    {
        var staged = Dialect.Table(StagingDataset, table.Name);
        if (!Capabilities.SupportsTruncateCommand)
        {
            // without TRUNCATE, a DELETE of the last load's rows marks each row deleted (DuckDB: logs every row id and
            // vacuums the table at the next checkpoint); a table created anew is empty at once
            await ExecuteAsync($"DROP TABLE IF EXISTS {staged}", ct).ConfigureAwait(false);
            await MigrateTableAsync(StagingDataset, table, ct).ConfigureAwait(false);
            return;
        }
        await MigrateTableAsync(StagingDataset, table, ct).ConfigureAwait(false);
        await ExecuteAsync(Dialect.Truncate(staged), ct).ConfigureAwait(false);
    }

    private async Task InsertVersionRowAsync(DltSchema schema, CancellationToken ct)
    {
        var json = schema.ToJsonString(indented: false);
        if (Encoding.UTF8.GetByteCount(json) > Capabilities.MaxTextDataTypeLength)
        {
            using var ms = new MemoryStream();
            using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(Encoding.UTF8.GetBytes(json));
            json = Convert.ToBase64String(ms.ToArray());
        }
        await ExecuteAsync(
            $"INSERT INTO {Dialect.Table(Dataset, DltSchema.VersionTableName)} (version, engine_version, inserted_at, schema_name, version_hash, \"schema\") VALUES " +
            $"({schema.Version.ToString(CultureInfo.InvariantCulture)}, {DltSchema.EngineVersion}, {Dialect.TimestampLiteral(DateTimeOffset.UtcNow)}, {Dialect.Literal(schema.Name)}, {Dialect.Literal(schema.VersionHash)}, {Dialect.Literal(json)})", ct).ConfigureAwait(false);
    }

    /// <summary>Creates the table or adds its missing complete columns (existing columns are never changed).</summary>
    protected async Task MigrateTableAsync(string dataset, TableSchema table, CancellationToken ct)
    {
        // dlt's IdentifierTooLongException: a destination would cut a longer name (PostgreSQL silently), making names collide
        if (table.Name.Length > Capabilities.MaxIdentifierLength)
            throw new DestinationCapabilitiesException($"Table name `{table.Name}` is longer than the destination's {Capabilities.MaxIdentifierLength} character identifier limit; the schema was not normalized for this destination.");
        if (table.Columns.FirstOrDefault(c => c.Name.Length > Capabilities.MaxColumnIdentifierLength) is { } tooLong)
            throw new DestinationCapabilitiesException($"Column `{tooLong.Name}` of table `{table.Name}` is longer than the destination's {Capabilities.MaxColumnIdentifierLength} character identifier limit; the schema was not normalized for this destination.");
        var existing = await GetExistingColumnsAsync(dataset, table.Name, ct).ConfigureAwait(false);
        var complete = table.Columns.Where(c => c.IsComplete).ToList();
        if (existing is null)
        {
            if (complete.Count == 0) return;
            var defs = complete.Select(c => $"{Dialect.Quote(c.Name)} {Dialect.ColumnType(c, Capabilities)}{(c.IsNullable ? "" : " NOT NULL")}{Dialect.ColumnOptions(c)}");
            await ExecuteAsync($"CREATE TABLE {Dialect.Table(dataset, table.Name)} ({string.Join(", ", defs)})", ct).ConfigureAwait(false);
            return;
        }
        foreach (var c in complete)
        {
            if (existing.Contains(c.Name)) continue;
            // columns added to tables that may hold rows are nullable, or the destination would reject the change
            await ExecuteAsync($"ALTER TABLE {Dialect.Table(dataset, table.Name)} ADD COLUMN {Dialect.Quote(c.Name)} {Dialect.ColumnType(c, Capabilities)}", ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<StoredState?> GetStoredStateAsync(string pipelineName, CancellationToken ct)
    {
        if (!await TableExistsAsync(Dataset, DltSchema.StateTableName, ct).ConfigureAwait(false)) return null;
        if (!await TableExistsAsync(Dataset, DltSchema.LoadsTableName, ct).ConfigureAwait(false)) return null;
        var rows = await QueryAsync(
            $"SELECT s.version, s._dlt_load_id, s.state, s.version_hash FROM {Dialect.Table(Dataset, DltSchema.StateTableName)} AS s " +
            $"JOIN {Dialect.Table(Dataset, DltSchema.LoadsTableName)} AS l ON l.load_id = s._dlt_load_id " +
            $"WHERE s.pipeline_name = {Dialect.Literal(pipelineName)} AND l.status = 0 ORDER BY l.load_id DESC LIMIT 1", ct).ConfigureAwait(false);
        if (rows.Count == 0) return null;
        var r = rows[0];
        return new StoredState(Convert.ToInt32(r[0], CultureInfo.InvariantCulture), (string)r[1]!, PipelineState.Decompress((string)r[2]!), r[3] as string);
    }

    /// <inheritdoc />
    public async Task<string?> GetStoredSchemaAsync(string schemaName, CancellationToken ct)
    {
        if (!await TableExistsAsync(Dataset, DltSchema.VersionTableName, ct).ConfigureAwait(false)) return null;
        var rows = await QueryAsync(
            $"SELECT \"schema\" FROM {Dialect.Table(Dataset, DltSchema.VersionTableName)} WHERE schema_name = {Dialect.Literal(schemaName)} ORDER BY inserted_at DESC, version DESC LIMIT 1", ct).ConfigureAwait(false);
        if (rows.Count == 0) return null;
        var text = (string)rows[0][0]!;
        if (text.StartsWith('{')) return text;
        using var z = new ZLibStream(new MemoryStream(Convert.FromBase64String(text)), CompressionMode.Decompress);
        using var sr = new StreamReader(z);
        return await sr.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}

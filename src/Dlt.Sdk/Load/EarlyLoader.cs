using System.Threading.Channels;
using DltNet.Destinations;
using DltNet.Destinations.Sql;
using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Load;

/// <summary>
/// Overlaps load with extract: as extract finishes a Parquet job file of an append table, a background worker copies it
/// into the destination inside the transaction of the package being extracted; job files of merge tables go into the
/// staging dataset the merge SQL later reads (see <see cref="LoadsEarly"/>). The package is committed only by
/// <see cref="Loader"/> after extract and normalize committed it on disk, with its <c>_dlt_loads</c> row, so the
/// exactly-once guarantee is unchanged: a crash or failure anywhere before that commit rolls the early copies back and the
/// package loads again from its files. When the finished package does not fit what was copied (refresh, a NOT NULL
/// column added later), the early transaction is rolled back and the package loads the usual way.
/// Destinations that copy from memory (PostgreSQL's binary COPY) get the typed columns the file was written from, and
/// the writer waits until they are copied before it reuses them: no re-reading of the file, and memory stays bounded.
/// </summary>
internal sealed class EarlyLoader(IDestination destination, string datasetName, string loadId) : IAsyncDisposable
{
    private sealed record Job(string Path, TableSchema Table, bool ToStaging, IReadOnlyList<ParquetJobWriter.JobColumn>? Columns, int Rows, TaskCompletionSource? Done);

    /// <summary>
    /// Whether job files of a table with this (resolved) write disposition load early: append tables into the dataset,
    /// merge tables (every strategy) into the staging dataset, which the load truncates anyway before it copies them.
    /// Replace truncates the final tables at load time, and skip loads nothing, so those wait for the usual load.
    /// </summary>
    public static bool LoadsEarly(WriteDispositionKind disposition) => disposition is WriteDispositionKind.Append or WriteDispositionKind.Merge;

    private readonly Channel<Job> _files = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)> _timings = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _start = new();
    private Task? _worker;
    private SqlJobClient? _client;
    private IDestinationClient? _other;

    /// <summary>The destination copies typed files from their column arrays (so a copy need not wait for the file).</summary>
    public bool CopiesFromMemory { get; } = destination.Capabilities.CopiesColumnBatches;

    /// <summary>Load id of the package being extracted.</summary>
    public string LoadId { get; } = loadId;

    /// <summary>Why early loading stopped (the package then loads the usual way, which reports the error if it persists).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Start and end of every early copy, by job file name.</summary>
    public IReadOnlyDictionary<string, (DateTimeOffset Start, DateTimeOffset End)> Timings => _timings;

    /// <summary>
    /// Connects and begins the package's transaction now, before the first job file is finished (extract calls it once
    /// the first row of a table that loads early is buffered): opening the connection and the transaction then overlaps
    /// filling the first file instead of following it.
    /// </summary>
    public void Prepare()
    {
        lock (_start) _worker ??= Task.Run(RunAsync);
    }

    /// <summary>
    /// Queues a finished job file. With <paramref name="columns"/> (the typed arrays it was written from) the returned task
    /// completes once a destination that copies from memory is done with them; otherwise at once.
    /// </summary>
    public Task FileWritten(string path, TableSchema table, WriteDispositionKind disposition, IReadOnlyList<ParquetJobWriter.JobColumn>? columns = null, int rows = 0)
    {
        if (!LoadsEarly(disposition)) throw new InvalidOperationException($"Table `{table.Name}` ({WriteDisposition.KindName(disposition)}) does not load early.");
        Prepare();
        var fromMemory = columns is not null && CopiesFromMemory;
        var done = fromMemory ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        if (!_files.Writer.TryWrite(new Job(path, table, disposition == WriteDispositionKind.Merge, fromMemory ? columns : null, rows, done))) done?.TrySetResult();
        return done?.Task ?? Task.CompletedTask;
    }

    /// <summary>Waits until every queued file was copied (extract calls it before it moves its files into the package).</summary>
    public async Task DrainAsync()
    {
        _files.Writer.TryComplete();
        Task? worker;
        lock (_start) worker = _worker;
        if (worker is not null) await worker.ConfigureAwait(false);
    }

    /// <summary>The client holding the open transaction of the package, or null when nothing was copied or copying failed.</summary>
    public SqlJobClient? TakeClient()
    {
        var client = Failure is null ? _client : null;
        if (client is not null) _client = null;
        return client;
    }

    /// <summary>
    /// Copies queued files until the queue is completed. After a failure it keeps taking files without copying them,
    /// so writers waiting on their columns are always released.
    /// </summary>
    private async Task RunAsync()
    {
        try
        {
            var client = await destination.ConnectAsync(datasetName, _cancel.Token).ConfigureAwait(false);
            if (client is SqlJobClient sql)
            {
                _client = sql;
                await sql.BeginEarlyLoadAsync(LoadId, _cancel.Token).ConfigureAwait(false);
            }
            else
            {
                // only SQL destinations can hold a package open in a transaction
                _other = client;
                Failure = new NotSupportedException($"Destination {destination.Name} does not load early.");
            }
        }
        catch (Exception e)
        {
            Failure = e;
        }
        while (await _files.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_files.Reader.TryRead(out var job))
            {
                try
                {
                    if (Failure is null && _client is { } sql)
                    {
                        var start = DateTimeOffset.UtcNow;
                        await sql.CopyEarlyJobAsync(job.Path, job.Table, job.ToStaging, job.Columns, job.Rows, _cancel.Token).ConfigureAwait(false);
                        _timings[Path.GetFileName(job.Path)] = (start, DateTimeOffset.UtcNow);
                    }
                }
                catch (Exception e)
                {
                    Failure = e;
                    if (_client is not null) await _client.AbandonEarlyLoadAsync().ConfigureAwait(false);
                }
                finally
                {
                    job.Done?.TrySetResult();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _files.Writer.TryComplete();
        // a copy still running means extract failed: stop it (a finished worker ignores this)
        await _cancel.CancelAsync().ConfigureAwait(false);
        Task? worker;
        lock (_start) worker = _worker;
        if (worker is not null)
        {
            try { await worker.ConfigureAwait(false); }
            catch (Exception) { /* recorded in Failure */ }
        }
        if (_client is not null)
        {
            await _client.AbandonEarlyLoadAsync().ConfigureAwait(false);
            await _client.DisposeAsync().ConfigureAwait(false);
            _client = null;
        }
        if (_other is not null) await _other.DisposeAsync().ConfigureAwait(false);
        _cancel.Dispose();
    }
}

using System.Threading.Channels;
using DltNet.Destinations;
using DltNet.Destinations.Sql;
using DltNet.Schema;

namespace DltNet.Load;

/// <summary>
/// Overlaps load with extract on the typed fast path: as extract finishes a Parquet job file of an append table, a
/// background worker copies it into the destination inside the transaction of the package being extracted. The package
/// is committed only by <see cref="Loader"/> after extract and normalize committed it on disk, with its
/// <c>_dlt_loads</c> row, so the exactly-once guarantee is unchanged: a crash or failure anywhere before that commit rolls
/// the early copies back and the package loads again from its files. When the finished package does not fit what was
/// copied (refresh, a column added by a row that left the fast path), the early transaction is rolled back and the
/// package loads the usual way.
/// </summary>
internal sealed class EarlyLoader(IDestination destination, string datasetName, string loadId) : IAsyncDisposable
{
    private readonly Channel<(string Path, TableSchema Table)> _files = Channel.CreateUnbounded<(string, TableSchema)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)> _timings = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cancel = new();
    private Task? _worker;
    private SqlJobClient? _client;
    private IDestinationClient? _other;

    /// <summary>Load id of the package being extracted.</summary>
    public string LoadId { get; } = loadId;

    /// <summary>Why early loading stopped (the package then loads the usual way, which reports the error if it persists).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Start and end of every early copy, by job file name.</summary>
    public IReadOnlyDictionary<string, (DateTimeOffset Start, DateTimeOffset End)> Timings => _timings;

    /// <summary>Queues a finished job file (called from the background writers of the typed fast path).</summary>
    public void FileWritten(string path, TableSchema table)
    {
        lock (_files)
        {
            _worker ??= Task.Run(RunAsync);
        }
        _files.Writer.TryWrite((path, table));
    }

    /// <summary>Waits until every queued file was copied (extract calls it before it moves its files into the package).</summary>
    public async Task DrainAsync()
    {
        _files.Writer.TryComplete();
        Task? worker;
        lock (_files) worker = _worker;
        if (worker is not null) await worker.ConfigureAwait(false);
    }

    /// <summary>The client holding the open transaction of the package, or null when nothing was copied or copying failed.</summary>
    public SqlJobClient? TakeClient()
    {
        var client = Failure is null ? _client : null;
        if (client is not null) _client = null;
        return client;
    }

    private async Task RunAsync()
    {
        try
        {
            var client = await destination.ConnectAsync(datasetName, _cancel.Token).ConfigureAwait(false);
            if (client is not SqlJobClient sql)
            {
                // only SQL destinations can hold a package open in a transaction
                _other = client;
                Failure = new NotSupportedException($"Destination {destination.Name} does not load early.");
                return;
            }
            _client = sql;
            await sql.BeginEarlyLoadAsync(LoadId, _cancel.Token).ConfigureAwait(false);
            await foreach (var (path, table) in _files.Reader.ReadAllAsync(_cancel.Token).ConfigureAwait(false))
            {
                var start = DateTimeOffset.UtcNow;
                await sql.CopyEarlyJobAsync(path, table, _cancel.Token).ConfigureAwait(false);
                _timings[Path.GetFileName(path)] = (start, DateTimeOffset.UtcNow);
            }
        }
        catch (Exception e)
        {
            Failure = e;
            if (_client is not null) await _client.AbandonEarlyLoadAsync().ConfigureAwait(false);
            // drop what is still queued: the package loads the usual way
            while (_files.Reader.TryRead(out _)) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _files.Writer.TryComplete();
        // a copy still running means extract failed: stop it (a finished worker ignores this)
        await _cancel.CancelAsync().ConfigureAwait(false);
        Task? worker;
        lock (_files) worker = _worker;
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

using System.Threading.Channels;

namespace DltNet.Extract;

/// <summary>
/// Hands a resource's converted items, in order, to one consumer on another thread, so the resource's iterator and
/// item conversion (the producer's thread) overlap normalizing and writing them (the consumer) on a second core.
/// Items travel in chunks through a bounded channel: memory stays bounded (the producer waits when a few chunks are
/// pending) and the per-item cost is an array store. A resource with fewer items than a chunk never starts a thread:
/// its items are consumed on the producer's thread at <see cref="CompleteAsync"/>.
/// </summary>
internal sealed class ItemPipe(Action<object?> consume, CancellationToken ct)
{
    private const int ChunkSize = 256;
    private const int PendingChunks = 8;

    private readonly Channel<(object?[] Items, int Count)> _chunks = Channel.CreateBounded<(object?[] Items, int Count)>(
        new BoundedChannelOptions(PendingChunks) { SingleReader = true, SingleWriter = true });
    private object?[] _pending = new object?[ChunkSize];
    private int _count;
    private Task? _consumer;

    /// <summary>Queues an item; completes at once unless a chunk had to wait for room.</summary>
    public ValueTask AddAsync(object? item)
    {
        _pending[_count++] = item;
        return _count == ChunkSize ? SendAsync() : ValueTask.CompletedTask;
    }

    private async ValueTask SendAsync()
    {
        _consumer ??= Task.Run(ConsumeAsync, CancellationToken.None);
        var chunk = (_pending, _count);
        _pending = new object?[ChunkSize];
        _count = 0;
        if (_chunks.Writer.TryWrite(chunk)) return;
        try
        {
            await _chunks.Writer.WriteAsync(chunk, ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // the consumer failed and closed the channel: its exception is the one to report
            await _consumer.ConfigureAwait(false);
            throw;
        }
    }

    private async Task ConsumeAsync()
    {
        try
        {
            while (await _chunks.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                while (_chunks.Reader.TryRead(out var chunk))
                    for (var i = 0; i < chunk.Count; i++)
                        consume(chunk.Items[i]);
        }
        catch (Exception e)
        {
            _chunks.Writer.TryComplete(e);
            throw;
        }
    }

    /// <summary>Hands over what is pending and waits until every item was consumed; a failure of the consumer is thrown here.</summary>
    public async Task CompleteAsync()
    {
        if (_consumer is null)
        {
            for (var i = 0; i < _count; i++) consume(_pending[i]);
            _count = 0;
            return;
        }
        if (_count > 0) await SendAsync().ConfigureAwait(false);
        _chunks.Writer.TryComplete();
        await _consumer.ConfigureAwait(false);
    }

    /// <summary>Stops the consumer after the producer failed; the consumer's own failure is dropped (the producer's is reported).</summary>
    public async Task AbandonAsync()
    {
        _chunks.Writer.TryComplete();
        if (_consumer is null) return;
        try
        {
            await _consumer.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the producer's exception is already on its way
        }
    }
}

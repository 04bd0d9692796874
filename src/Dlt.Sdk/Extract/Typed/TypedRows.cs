namespace DltNet.Extract.Typed;

/// <summary>Item streams of typed resources (used by generated resource factories).</summary>
public static class TypedRows
{
    /// <summary>
    /// Streams the rows of a synchronous iterator, checking for cancellation between rows. Extract enumerates such a
    /// stream synchronously (<see cref="ISyncItemStream"/>): an async iterator around a sync one cost ~0.4 µs per row.
    /// </summary>
    public static IAsyncEnumerable<object?> FromEnumerable<T>(IEnumerable<T> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new SyncItemStream<T>(rows, cancellationToken);
    }

    /// <summary>Streams the rows of an async iterator (boxing value types) with cancellation.</summary>
    public static IAsyncEnumerable<object?> FromAsyncEnumerable<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return AsyncEnumerableAdapter.Box(rows, cancellationToken);
    }
}

/// <summary>An item stream whose items can also be read synchronously (no task machinery per item).</summary>
internal interface ISyncItemStream
{
    /// <summary>The items; the enumerator checks for cancellation itself.</summary>
    IEnumerator<object?> GetSyncEnumerator();
}

internal sealed class SyncItemStream<T>(IEnumerable<T> rows, CancellationToken cancellationToken) : IAsyncEnumerable<object?>, ISyncItemStream
{
    public IEnumerator<object?> GetSyncEnumerator() => Enumerate(cancellationToken);

    private IEnumerator<object?> Enumerate(CancellationToken ct)
    {
        var n = 0;
        foreach (var row in rows)
        {
            if ((++n & 0x3FF) == 0) ct.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    public async IAsyncEnumerator<object?> GetAsyncEnumerator(CancellationToken ct = default)
    {
        using var linked = ct.CanBeCanceled && cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(ct, cancellationToken) : null;
        var token = linked?.Token ?? (ct.CanBeCanceled ? ct : cancellationToken);
        foreach (var row in rows)
        {
            token.ThrowIfCancellationRequested();
            yield return row;
        }
    }
}

using System.Runtime.CompilerServices;

namespace DltNet.Extract.Typed;

/// <summary>Item streams of typed resources (used by generated resource factories).</summary>
public static class TypedRows
{
    /// <summary>Streams the rows of a synchronous iterator, checking for cancellation between rows.</summary>
    public static async IAsyncEnumerable<object?> FromEnumerable<T>(IEnumerable<T> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    /// <summary>Streams the rows of an async iterator (boxing value types) with cancellation.</summary>
    public static IAsyncEnumerable<object?> FromAsyncEnumerable<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return AsyncEnumerableAdapter.Box(rows, cancellationToken);
    }
}

using System.Collections.Concurrent;

namespace DltNet.Extract.Typed;

/// <summary>
/// A columnar writer for one row type, generated at build time: appends the values of a row straight into the typed
/// column buffers of a <see cref="TypedBatch"/> (root table and nested tables, in the order of <see cref="Schema"/>),
/// without boxing, dictionaries or per-row type inference. The extractor uses it when the resource's hints and the
/// schema make the result identical to the dynamic path, and writes the batch as pre-shaped Parquet job files.
/// </summary>
public interface ITypedTableWriter
{
    /// <summary>The row type whose values this writer appends.</summary>
    Type RowType { get; }

    /// <summary>The tables the writer fills: table <c>i</c> of a <see cref="TypedBatch"/> is <c>Schema.Tables[i]</c>.</summary>
    TypedTableSchema Schema { get; }

    /// <summary>
    /// The max table nesting the rows need to be flattened completely (no member becomes a json column); the fast path is
    /// taken only when the effective max table nesting is at least this.
    /// </summary>
    int NestingDepth { get; }

    /// <summary>Appends one row (of <see cref="RowType"/>) and its nested rows.</summary>
    void Append(object row, TypedBatch batch);
}

/// <summary>Registry of generated <see cref="ITypedTableWriter"/>s (filled by module initializers of generated code).</summary>
public static class TypedTableWriters
{
    private static readonly ConcurrentDictionary<Type, ITypedTableWriter> Writers = new();
    private static long _rowsAppended;

    /// <summary>Registers the writer of <paramref name="rowType"/>.</summary>
    public static void Register(Type rowType, ITypedTableWriter writer)
    {
        ArgumentNullException.ThrowIfNull(rowType);
        ArgumentNullException.ThrowIfNull(writer);
        Writers[rowType] = writer;
    }

    /// <summary>The registered writer of exactly <paramref name="rowType"/>, if any.</summary>
    public static ITypedTableWriter? Find(Type rowType) => Writers.TryGetValue(rowType, out var w) ? w : null;

    /// <summary>Root rows that went through the typed columnar fast path in this process (diagnostics and tests).</summary>
    public static long RowsAppended => Interlocked.Read(ref _rowsAppended);

    internal static void CountRows(long rows) => Interlocked.Add(ref _rowsAppended, rows);
}

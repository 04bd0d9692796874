using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using DltNet.Schema;

namespace DltNet.Storage;

/// <summary>
/// Writes normalized rows of one table as a Parquet job file. Physical columns are chosen so that every destination
/// reads them without loss: bigint → INT64, double → DOUBLE, bool → BOOLEAN, timestamp → INT64 microseconds since the
/// Unix epoch (UTC), binary → BYTE_ARRAY, and text for the rest (text, json, decimal, wei, date, time) as UTF-8
/// BYTE_ARRAY, cast at load time.
/// </summary>
/// <remarks>
/// Job files are flat, optional columns, PLAIN-encoded and uncompressed: they live only until the load reads them from
/// the page cache. For exactly that subset the file is written here directly from the typed column arrays (one pass,
/// strings UTF-8 encoded straight into a reused page buffer): Parquet.Net's general writer spent more CPU on these files
/// than the rest of the typed pipeline together (~1.5 s per 1M rows of 7 columns, most of it per-string stream writes).
/// Reading stays with Parquet.Net and DuckDB, and the tests read every kind of column back with both.
/// </remarks>
internal static class ParquetJobWriter
{
    public const string Format = "parquet";

    /// <summary>Rows per row group: DuckDB reads the row groups of one file on several threads.</summary>
    internal const int RowGroupSize = 50_000;

    /// <summary>A data page is closed once its values take this many bytes (long texts would otherwise make huge pages).</summary>
    private const int PageBytes = 1 << 20;

    /// <summary>
    /// A job file column: its name, physical kind and typed array (long?[], double?[], bool?[], byte[]?[] or string?[]);
    /// or text kept as bytes: fixed-width ASCII (<see cref="FixedWidthText"/>) or UTF-8 runs (<see cref="Utf8Text"/>).
    /// </summary>
    internal readonly record struct JobColumn(string Name, PhysicalKind Kind, Array Values, int Width = 0, byte[]? Utf8 = null);

    /// <summary>The column of a typed array in the physical form of <paramref name="kind"/>.</summary>
    internal static JobColumn Column(string name, PhysicalKind kind, object values)
    {
        var array = (Array)values;
        var expected = kind switch
        {
            PhysicalKind.Int64 or PhysicalKind.Micros => typeof(long?[]),
            PhysicalKind.Double => typeof(double?[]),
            PhysicalKind.Bool => typeof(bool?[]),
            PhysicalKind.Bytes => typeof(byte[][]),
            _ => typeof(string[]),
        };
        if (array.GetType() != expected)
            throw new ArgumentException($"Column `{name}` of kind {kind} needs a {expected.Name}, not a {array.GetType().Name}.", nameof(values));
        return new JobColumn(name, kind, array);
    }

    /// <summary>A text column of ASCII values of one width, stored back to back in <paramref name="bytes"/> (row ids without strings).</summary>
    internal static JobColumn FixedWidthText(string name, byte[] bytes, int width) => new(name, PhysicalKind.Text, bytes, width);

    /// <summary>
    /// A text column of UTF-8 values stored back to back in <paramref name="utf8"/>: row r ends at <c>ends[r]</c> (and starts
    /// where row r-1 ended); a null row stores the bitwise complement of that offset. No string object per value, so a
    /// buffer of many rows leaves nothing for the garbage collector to trace or promote.
    /// </summary>
    internal static JobColumn Utf8Text(string name, byte[] utf8, int[] ends) => new(name, PhysicalKind.Text, ends, Utf8: utf8);

    /// <summary>End offset of row r of a <see cref="Utf8Text"/> column, null or not.</summary>
    internal static int Utf8End(int end) => end < 0 ? ~end : end;

    /// <summary>The bytes of row <paramref name="row"/> of a <see cref="Utf8Text"/> column (empty for a null: check <c>ends[row] &lt; 0</c>).</summary>
    internal static ReadOnlySpan<byte> Utf8Value(byte[] utf8, int[] ends, int row)
    {
        var start = row == 0 ? 0 : Utf8End(ends[row - 1]);
        return utf8.AsSpan(start, Utf8End(ends[row]) - start);
    }

    /// <summary>
    /// Appends <paramref name="text"/> as UTF-8 at <paramref name="length"/> of a <see cref="Utf8Text"/> column's bytes,
    /// growing them when needed (to the exact size first: a long value needs no three-times room for each character); returns the new length.
    /// </summary>
    internal static int AppendUtf8(ref byte[] utf8, int length, string text)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length + max <= utf8.Length) return length + System.Text.Encoding.UTF8.GetBytes(text, utf8.AsSpan(length, max));
        var needed = length + System.Text.Encoding.UTF8.GetByteCount(text);
        if (needed > utf8.Length) Array.Resize(ref utf8, Math.Max(needed, (int)Math.Min(Array.MaxLength, 2L * utf8.Length)));
        return length + System.Text.Encoding.UTF8.GetBytes(text, utf8.AsSpan(length));
    }

    /// <summary>Writes the first <paramref name="rows"/> values of every column as one job file, synchronously on the calling thread.</summary>
    internal static void WriteFile(string path, IReadOnlyList<JobColumn> columns, int rows, CancellationToken ct)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        new FileWriter(fs, columns).Write(rows, ct);
    }

    /// <summary>One file: magic, row groups of column chunks (one or more data pages each), Thrift footer, magic.</summary>
    private sealed class FileWriter(Stream output, IReadOnlyList<JobColumn> columns)
    {
        private static readonly byte[] Magic = "PAR1"u8.ToArray();
        // page buffers grow to ~1 MB: kept per thread across files instead of re-grown (and dropped on the LOH) per file
        [ThreadStatic] private static ByteBuffer[]? _cached;
        private readonly ByteBuffer _values = Cached(0, 1 << 16);
        private readonly ByteBuffer _levels = Cached(1, 1 << 12);
        private readonly ByteBuffer _header = Cached(2, 256);
        private readonly List<(long Rows, long Bytes, List<ChunkInfo> Chunks)> _rowGroups = [];
        private long _position;

        private readonly record struct ChunkInfo(long DataPageOffset, long Values, long Bytes);

        public void Write(int rows, CancellationToken ct)
        {
            Emit(Magic);
            for (var start = 0; start < rows; start += RowGroupSize)
            {
                ct.ThrowIfCancellationRequested();
                var count = Math.Min(RowGroupSize, rows - start);
                var chunks = new List<ChunkInfo>(columns.Count);
                long groupBytes = 0;
                foreach (var column in columns)
                {
                    var offset = _position;
                    WriteChunk(column, start, count);
                    chunks.Add(new ChunkInfo(offset, count, _position - offset));
                    groupBytes += _position - offset;
                }
                _rowGroups.Add((count, groupBytes, chunks));
            }
            _header.Clear();
            WriteFooter(rows);
            Emit(_header.WrittenSpan);
            Span<byte> length = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, _header.Length);
            Emit(length);
            Emit(Magic);
        }

        private void Emit(ReadOnlySpan<byte> bytes)
        {
            output.Write(bytes);
            _position += bytes.Length;
        }

        /// <summary>Writes rows [start, start+count) of a column as data pages of at most ~<see cref="PageBytes"/>.</summary>
        private void WriteChunk(JobColumn column, int start, int count)
        {
            var end = start + count;
            var pageStart = start;
            while (pageStart < end)
            {
                _values.Clear();
                _nulls = 0;
                var pageEnd = EncodeValues(column, pageStart, end);
                EncodeDefinitionLevels(pageEnd - pageStart);
                var size = 4 + _levels.Length + _values.Length;
                _header.Clear();
                var t = new ThriftCompactWriter(_header);
                t.BeginStruct();
                t.I32(1, 0); // DATA_PAGE
                t.I32(2, size);
                t.I32(3, size);
                t.StructField(5); // DataPageHeader
                t.I32(1, pageEnd - pageStart);
                t.I32(2, 0); // PLAIN
                t.I32(3, 3); // definition levels: RLE
                t.I32(4, 3); // repetition levels: RLE (none written: flat columns)
                t.EndStruct();
                t.EndStruct();
                // the page body starts with the byte length of the definition levels
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_header.GetSpan(4), _levels.Length);
                _header.Advance(4);
                Emit(_header.WrittenSpan);
                Emit(_levels.WrittenSpan);
                Emit(_values.WrittenSpan);
                pageStart = pageEnd;
            }
        }

        /// <summary>PLAIN-encodes the non-null values from <paramref name="start"/> until the page is full; returns the end row.</summary>
        private int EncodeValues(JobColumn column, int start, int end)
        {
            switch (column.Values)
            {
                case long?[] longs:
                {
                    var dest = _values.GetSpan((end - start) * 8);
                    var n = 0;
                    for (var r = start; r < end; r++)
                    {
                        if (longs[r] is not { } v) { _nulls++; continue; }
                        BinaryPrimitives.WriteInt64LittleEndian(dest.Slice(n, 8), v);
                        n += 8;
                    }
                    _values.Advance(n);
                    if (_nulls > 0) CollectPresence(longs, start, end);
                    return end;
                }
                case double?[] doubles:
                {
                    var dest = _values.GetSpan((end - start) * 8);
                    var n = 0;
                    for (var r = start; r < end; r++)
                    {
                        if (doubles[r] is not { } v) { _nulls++; continue; }
                        BinaryPrimitives.WriteDoubleLittleEndian(dest.Slice(n, 8), v);
                        n += 8;
                    }
                    _values.Advance(n);
                    if (_nulls > 0) CollectPresence(doubles, start, end);
                    return end;
                }
                case bool?[] bools:
                {
                    // bit-packed, least significant bit first
                    var bits = 0;
                    var current = 0;
                    for (var r = start; r < end; r++)
                    {
                        if (bools[r] is not { } v) { _nulls++; continue; }
                        if (v) current |= 1 << bits;
                        if (++bits == 8)
                        {
                            _values.WriteByte((byte)current);
                            bits = current = 0;
                        }
                    }
                    if (bits > 0) _values.WriteByte((byte)current);
                    if (_nulls > 0) CollectPresence(bools, start, end);
                    return end;
                }
                case string?[] strings:
                {
                    // room for a run of strings at a time; the page closes at ~PageBytes
                    var dest = _values.GetSpan(1 << 16);
                    var n = 0;
                    var r = start;
                    for (; r < end; r++)
                    {
                        if (strings[r] is not { } s) { _nulls++; continue; }
                        var need = 4 + s.Length * 3;
                        if (n + need > dest.Length)
                        {
                            _values.Advance(n);
                            if (_values.Length >= PageBytes) break;
                            dest = _values.GetSpan(Math.Max(need, 1 << 16));
                            n = 0;
                        }
                        var written = System.Text.Encoding.UTF8.GetBytes(s, dest[(n + 4)..]);
                        BinaryPrimitives.WriteInt32LittleEndian(dest.Slice(n, 4), written);
                        n += 4 + written;
                    }
                    if (r == end) _values.Advance(n);
                    if (_nulls > 0) CollectPresence(strings, start, r);
                    return r;
                }
                case byte[] fixedWidth:
                {
                    // FixedWidthText: no nulls, each value `Width` bytes
                    var width = column.Width;
                    var dest = _values.GetSpan((end - start) * (4 + width));
                    var n = 0;
                    for (var r = start; r < end; r++)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(dest.Slice(n, 4), width);
                        fixedWidth.AsSpan(r * width, width).CopyTo(dest.Slice(n + 4, width));
                        n += 4 + width;
                    }
                    _values.Advance(n);
                    return end;
                }
                case int[] ends when column.Utf8 is { } utf8:
                {
                    var r = start;
                    for (; r < end && _values.Length < PageBytes; r++)
                    {
                        if (ends[r] < 0) { _nulls++; continue; }
                        var value = Utf8Value(utf8, ends, r);
                        var span = _values.GetSpan(4 + value.Length);
                        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
                        value.CopyTo(span[4..]);
                        _values.Advance(4 + value.Length);
                    }
                    if (_nulls > 0) CollectPresence(ends, start, r);
                    return r;
                }
                case byte[]?[] blobs:
                {
                    var r = start;
                    for (; r < end && _values.Length < PageBytes; r++)
                    {
                        if (blobs[r] is not { } b) { _nulls++; continue; }
                        var span = _values.GetSpan(4 + b.Length);
                        BinaryPrimitives.WriteInt32LittleEndian(span, b.Length);
                        b.CopyTo(span[4..]);
                        _values.Advance(4 + b.Length);
                    }
                    if (_nulls > 0) CollectPresence(blobs, start, r);
                    return r;
                }
                default:
                    throw new InvalidOperationException($"Column `{column.Name}` holds {column.Values.GetType().Name}, which job files do not store.");
            }
        }

        // definition levels of a page with nulls, bit-packed (1 = value, 0 = null); pages without nulls need none
        private readonly ByteBuffer _presence = Cached(3, 1 << 12);
        private int _nulls;

        private void CollectPresence<T>(T?[] values, int start, int end) => CollectPresence(new NotNull<T>(values), start, end);

        // presence of the rows of a Utf8Text column (negative ends are nulls)
        private void CollectPresence(int[] ends, int start, int end) => CollectPresence(new NonNegativeEnd(ends), start, end);

        private void CollectPresence<TPresence>(TPresence presence, int start, int end) where TPresence : struct, IPresence
        {
            _presence.Clear();
            var bits = 0;
            var current = 0;
            for (var r = start; r < end; r++)
            {
                if (presence.IsPresent(r)) current |= 1 << bits;
                if (++bits == 8)
                {
                    _presence.WriteByte((byte)current);
                    bits = current = 0;
                }
            }
            if (bits > 0) _presence.WriteByte((byte)current);
        }

        private interface IPresence
        {
            bool IsPresent(int row);
        }

        private readonly struct NotNull<T>(T?[] values) : IPresence
        {
            public bool IsPresent(int row) => values[row] is not null;
        }

        private readonly struct NonNegativeEnd(int[] ends) : IPresence
        {
            public bool IsPresent(int row) => ends[row] >= 0;
        }

        private static ByteBuffer Cached(int slot, int capacity)
        {
            var cache = _cached ??= new ByteBuffer[4];
            var buffer = cache[slot] ??= new ByteBuffer(capacity);
            buffer.Clear();
            return buffer;
        }

        /// <summary>
        /// Definition levels in the RLE/bit-packing hybrid with bit width 1: one RLE run of 1s when the page has no nulls,
        /// else one bit-packed run (the last group padded with zeros).
        /// </summary>
        private void EncodeDefinitionLevels(int count)
        {
            _levels.Clear();
            if (_nulls == 0)
            {
                WriteVarint(_levels, (ulong)count << 1);
                _levels.WriteByte(1);
                return;
            }
            WriteVarint(_levels, ((ulong)((count + 7) / 8) << 1) | 1);
            _levels.Write(_presence.WrittenSpan);
        }

        private static void WriteVarint(ByteBuffer buffer, ulong value)
        {
            while (value >= 0x80)
            {
                buffer.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            buffer.WriteByte((byte)value);
        }

        private void WriteFooter(int rows)
        {
            var t = new ThriftCompactWriter(_header);
            t.BeginStruct();
            t.I32(1, 1); // version
            t.ListField(2, ThriftCompactWriter.TypeStruct, columns.Count + 1);
            t.BeginStruct(); // root
            t.Binary(4, "schema");
            t.I32(5, columns.Count);
            t.EndStruct();
            foreach (var c in columns)
            {
                t.BeginStruct();
                t.I32(1, PhysicalType(c.Kind));
                t.I32(3, 1); // OPTIONAL
                t.Binary(4, c.Name);
                if (c.Kind == PhysicalKind.Text)
                {
                    t.I32(6, 0); // converted type UTF8
                    t.StructField(10); // logical type
                    t.StructField(1); // STRING
                    t.EndStruct();
                    t.EndStruct();
                }
                t.EndStruct();
            }
            t.I64(3, rows);
            t.ListField(4, ThriftCompactWriter.TypeStruct, _rowGroups.Count);
            for (var g = 0; g < _rowGroups.Count; g++)
            {
                var (groupRows, groupBytes, chunks) = _rowGroups[g];
                t.BeginStruct();
                t.ListField(1, ThriftCompactWriter.TypeStruct, chunks.Count);
                for (var i = 0; i < chunks.Count; i++)
                {
                    var chunk = chunks[i];
                    t.BeginStruct();
                    t.I64(2, chunk.DataPageOffset);
                    t.StructField(3); // ColumnMetaData
                    t.I32(1, PhysicalType(columns[i].Kind));
                    t.ListField(2, ThriftCompactWriter.TypeI32, 2);
                    t.I32Value(0); // PLAIN
                    t.I32Value(3); // RLE
                    t.ListField(3, ThriftCompactWriter.TypeBinary, 1);
                    t.BinaryValue(columns[i].Name);
                    t.I32(4, 0); // UNCOMPRESSED
                    t.I64(5, chunk.Values);
                    t.I64(6, chunk.Bytes);
                    t.I64(7, chunk.Bytes);
                    t.I64(9, chunk.DataPageOffset);
                    t.EndStruct();
                    t.EndStruct();
                }
                t.I64(2, groupBytes);
                t.I64(3, groupRows);
                t.I64(5, chunks[0].DataPageOffset);
                t.I64(6, groupBytes);
                t.I16(7, (short)g);
                t.EndStruct();
            }
            t.Binary(6, "dlt-dotnet");
            t.EndStruct();
        }

        private static int PhysicalType(PhysicalKind kind) => kind switch
        {
            PhysicalKind.Int64 or PhysicalKind.Micros => 2, // INT64
            PhysicalKind.Double => 5, // DOUBLE
            PhysicalKind.Bool => 0, // BOOLEAN
            _ => 6, // BYTE_ARRAY
        };
    }

    /// <summary>The Parquet type a dlt type is written as.</summary>
    public static PhysicalKind KindOf(DltDataType type) => type switch
    {
        DltDataType.Bigint => PhysicalKind.Int64,
        DltDataType.Double => PhysicalKind.Double,
        DltDataType.Bool => PhysicalKind.Bool,
        DltDataType.Timestamp => PhysicalKind.Micros,
        DltDataType.Binary => PhysicalKind.Bytes,
        _ => PhysicalKind.Text,
    };

    /// <summary>Microseconds since the Unix epoch of a stored timestamp (UTC instant or naive).</summary>
    public static long ToMicros(object v) => v switch
    {
        DateTimeOffset dto => (dto.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10,
        DateTime dt => (dt.Ticks - DateTime.UnixEpoch.Ticks) / 10,
        _ => throw new InvalidCastException($"{v.GetType().Name} is not a timestamp."),
    };

    /// <summary>Text form of values stored as text (dates, times, decimals, json text).</summary>
    public static string ToText(object v) => v switch
    {
        string s => s,
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>Physical representation of a dlt type in job files.</summary>
internal enum PhysicalKind { Int64, Double, Bool, Micros, Bytes, Text }

using System.Globalization;
using System.Numerics;
using DltNet.Schema;
using Parquet;
using Parquet.Schema;

namespace DltNet.Storage;

/// <summary>
/// Writes normalized rows of one table as a Parquet job file. Physical columns are chosen so that every destination
/// reads them without loss: bigint → INT64, double → DOUBLE, bool → BOOLEAN, timestamp → INT64 microseconds since the
/// Unix epoch (UTC), binary → BYTE_ARRAY, and text for the rest (text, json, decimal, wei, date, time), cast at load time.
/// </summary>
internal static class ParquetJobWriter
{
    public const string Format = "parquet";

    /// <summary>
    /// Writes one job file from typed columns, in row groups of 50k rows (DuckDB reads one file on several threads).
    /// Writes complete synchronously on the calling thread: async writes of a FileStream opened for sync I/O go through the
    /// thread pool, whose spinning workers cost more CPU than the writes on 2 cores.
    /// </summary>
    internal static async Task WriteFileAsync(string path, IReadOnlyList<JobColumn> columns, int rows, CancellationToken ct)
    {
        var schema = new ParquetSchema(columns.Select(c => c.Field).ToList());
        await using var fs = new SyncWriteStream(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16));
        // uncompressed: the file lives only until the load reads it from the page cache; Snappy cost more CPU than it saved
        await using (var writer = await ParquetWriter.CreateAsync(schema, fs, WriteOptions, cancellationToken: ct).ConfigureAwait(false))
        {
            const int rowGroupSize = 50_000;
            for (var start = 0; start < rows; start += rowGroupSize)
            {
                ct.ThrowIfCancellationRequested();
                var count = Math.Min(rowGroupSize, rows - start);
                using var rg = writer.CreateRowGroup();
                foreach (var column in columns) await column.Write(rg, start, count).ConfigureAwait(false);
                rg.CompleteValidate();
            }
        }
    }

    internal static readonly ParquetOptions WriteOptions = new() { CompressionMethod = CompressionMethod.None };

    /// <summary>A job file column: its Parquet field and how to write a slice of its typed array.</summary>
    internal readonly record struct JobColumn(DataField Field, Func<ParquetRowGroupWriter, int, int, Task> Write);

    /// <summary>The column of a typed array in the physical form of <paramref name="kind"/> (long?[], double?[], bool?[], byte[]?[], string?[]).</summary>
    internal static JobColumn Column(string name, PhysicalKind kind, object values)
    {
        switch (kind)
        {
            case PhysicalKind.Int64 or PhysicalKind.Micros:
            {
                var f = new DataField<long?>(name);
                var v = (long?[])values;
                return new JobColumn(f, (rg, s, n) => rg.WriteAsync(f, new ReadOnlyMemory<long?>(v, s, n)));
            }
            case PhysicalKind.Double:
            {
                var f = new DataField<double?>(name);
                var v = (double?[])values;
                return new JobColumn(f, (rg, s, n) => rg.WriteAsync(f, new ReadOnlyMemory<double?>(v, s, n)));
            }
            case PhysicalKind.Bool:
            {
                var f = new DataField<bool?>(name);
                var v = (bool?[])values;
                return new JobColumn(f, (rg, s, n) => rg.WriteAsync(f, new ReadOnlyMemory<bool?>(v, s, n)));
            }
            case PhysicalKind.Bytes:
            {
                var f = new DataField<byte[]>(name, true);
                var v = (byte[]?[])values;
                return new JobColumn(f, (rg, s, n) => rg.WriteAsync(f, (IReadOnlyCollection<byte[]>)new ArraySegment<byte[]?>(v, s, n)!));
            }
            default:
            {
                var f = new DataField<string>(name, true);
                var v = (string?[])values;
                return new JobColumn(f, (rg, s, n) => rg.WriteAsync(f, (IReadOnlyCollection<string>)new ArraySegment<string?>(v, s, n)!));
            }
        }
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

    /// <summary>A write-only stream whose async writes run synchronously on the caller's thread.</summary>
    private sealed class SyncWriteStream(FileStream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            inner.Flush();
            return Task.CompletedTask;
        }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("write-only stream");
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            inner.Write(buffer, offset, count);
            return Task.CompletedTask;
        }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            inner.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
        public override ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Physical representation of a dlt type in job files.</summary>
internal enum PhysicalKind { Int64, Double, Bool, Micros, Bytes, Text }

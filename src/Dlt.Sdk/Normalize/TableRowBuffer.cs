using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Normalize;

/// <summary>
/// Buffers the rows of one table column by column (typed arrays, no per-row objects) and writes them as a Parquet job
/// file when the buffer is full (file rotation), so memory stays bounded however many rows a package has. A full buffer
/// is written on a background task while the next rows fill a second set of arrays (at most one write at a time).
/// </summary>
internal sealed class TableRowBuffer(TableSchema table, string jobsDir, int maxRowsPerFile, Action<string, TableSchema>? fileWritten = null)
{
    private readonly List<ColumnBuffer?> _columns = [];
    private int _rows;
    private Task? _write;
    private readonly List<(ColumnBuffer Buffer, ParquetJobWriter.JobColumn Values)> _writing = [];

    public TableSchema Table { get; } = table;
    public long RowCount { get; private set; }
    public List<string> Files { get; } = [];

    /// <summary>Appends one row given as (column position in the table, coerced value) pairs.</summary>
    public void AddRow(List<(int Index, object? Value)> values)
    {
        foreach (var (index, value) in values)
        {
            if (value is null) continue;
            while (_columns.Count <= index) _columns.Add(null);
            var column = _columns[index] ??= ColumnBuffer.For(Table.Columns[index].DataType!.Value);
            column.Set(_rows, value);
        }
        _rows++;
        RowCount++;
        if (_rows >= maxRowsPerFile) Flush();
    }

    /// <summary>Starts writing the buffered rows as one Parquet job file (after the previous file is written).</summary>
    public void Flush()
    {
        if (_rows == 0) return;
        WaitForWrite();
        var name = JobFileName.New(Table.Name, ParquetJobWriter.Format);
        var path = Path.Combine(jobsDir, name.ToString());
        var columns = new List<ParquetJobWriter.JobColumn>();
        for (var i = 0; i < Table.Columns.Count; i++)
        {
            var col = Table.Columns[i];
            if (!col.IsComplete) continue;
            while (_columns.Count <= i) _columns.Add(null);
            var buffer = _columns[i] ??= ColumnBuffer.For(col.DataType!.Value);
            buffer.EnsureCapacity(_rows);
            var values = buffer.Detach(col.Name);
            _writing.Add((buffer, values));
            columns.Add(values);
        }
        var rows = _rows;
        // the table as this file has it (later rows may add columns): for early load
        var written = Table.Clone();
        Files.Add(path);
        _rows = 0;
        _write = Task.Run(() =>
        {
            ParquetJobWriter.WriteFile(path, columns, rows, CancellationToken.None);
            fileWritten?.Invoke(path, written);
        });
    }

    /// <summary>Writes what is buffered and waits until every file is written (a failed write throws here).</summary>
    public void Complete()
    {
        Flush();
        WaitForWrite();
    }

    /// <summary>Waits for a write in flight, ignoring its failure (the package is being abandoned).</summary>
    public void Abandon()
    {
        try
        {
            WaitForWrite();
        }
        catch (Exception)
        {
            // reported by the failure that abandons the package
        }
    }

    private void WaitForWrite()
    {
        if (_write is null) return;
        try
        {
            _write.GetAwaiter().GetResult();
        }
        finally
        {
            _write = null;
            // the written arrays become the next spares of their columns
            foreach (var (buffer, values) in _writing) buffer.Return(values);
            _writing.Clear();
        }
    }

    /// <summary>Writes an empty job file: the table takes part in this load (replace truncates it) without rows.</summary>
    public void WriteEmptyJob()
    {
        var name = JobFileName.New(Table.Name, ParquetJobWriter.Format);
        var path = Path.Combine(jobsDir, name.ToString());
        File.WriteAllBytes(path, []);
        Files.Add(path);
    }
}

/// <summary>A growable typed column with nulls, in the physical representation of <see cref="ParquetJobWriter"/>.</summary>
internal abstract class ColumnBuffer
{
    public static ColumnBuffer For(DltDataType type) => ParquetJobWriter.KindOf(type) switch
    {
        PhysicalKind.Int64 => new Int64Buffer(),
        PhysicalKind.Micros => new MicrosBuffer(),
        PhysicalKind.Double => new DoubleBuffer(),
        PhysicalKind.Bool => new BoolBuffer(),
        PhysicalKind.Bytes => new BytesBuffer(),
        _ => new Utf8TextBuffer(),
    };

    /// <summary>Sets the value of <paramref name="row"/>; rows are set in increasing order, rows never set are null.</summary>
    public abstract void Set(int row, object value);
    /// <summary>Makes rows [0, <paramref name="rows"/>) addressable (rows never set stay null).</summary>
    public abstract void EnsureCapacity(int rows);
    /// <summary>Hands over the values as a job column (for a file being written) and continues with a cleared spare.</summary>
    public abstract ParquetJobWriter.JobColumn Detach(string name);
    /// <summary>Takes back what <see cref="Detach"/> handed over, once its file is written.</summary>
    public abstract void Return(ParquetJobWriter.JobColumn values);

    protected static int Grow(int current, int needed) => Math.Max(needed, Math.Max(1024, current * 2));

    private abstract class Typed<T>(PhysicalKind kind) : ColumnBuffer
    {
        protected T[] Values = [];
        private T[]? _spare;

        public override void EnsureCapacity(int rows)
        {
            if (Values.Length < rows) System.Array.Resize(ref Values, Grow(Values.Length, rows));
        }

        protected void Put(int row, T value)
        {
            if (row >= Values.Length) System.Array.Resize(ref Values, Grow(Values.Length, row + 1));
            Values[row] = value;
        }

        public override ParquetJobWriter.JobColumn Detach(string name)
        {
            var values = Values;
            Values = _spare ?? new T[values.Length];
            _spare = null;
            return ParquetJobWriter.Column(name, kind, values);
        }

        public override void Return(ParquetJobWriter.JobColumn values)
        {
            System.Array.Clear(values.Values);
            _spare = (T[])values.Values;
        }
    }

    private sealed class Int64Buffer() : Typed<long?>(PhysicalKind.Int64)
    {
        public override void Set(int row, object value) => Put(row, value is long l ? l : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class MicrosBuffer() : Typed<long?>(PhysicalKind.Micros)
    {
        public override void Set(int row, object value) => Put(row, ParquetJobWriter.ToMicros(value));
    }

    private sealed class DoubleBuffer() : Typed<double?>(PhysicalKind.Double)
    {
        public override void Set(int row, object value) => Put(row, value is double d ? d : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class BoolBuffer() : Typed<bool?>(PhysicalKind.Bool)
    {
        public override void Set(int row, object value) => Put(row, (bool)value);
    }

    private sealed class BytesBuffer() : Typed<byte[]?>(PhysicalKind.Bytes)
    {
        public override void Set(int row, object value) => Put(row, (byte[])value);
    }

    /// <summary>
    /// Text encoded to UTF-8 as it is set (<see cref="ParquetJobWriter.Utf8Text"/>): the strings of a buffered file
    /// (names, row ids) die young instead of surviving, and being traced, until the file is written.
    /// </summary>
    private sealed class Utf8TextBuffer : ColumnBuffer
    {
        private byte[] _bytes = new byte[1 << 12];
        private int _length;
        private int[] _ends = [];
        private int _rows;
        private (byte[] Bytes, int[] Ends)? _spare;

        public override void Set(int row, object value)
        {
            EnsureCapacity(row);
            _length = ParquetJobWriter.AppendUtf8(ref _bytes, _length, ParquetJobWriter.ToText(value));
            if (row >= _ends.Length) System.Array.Resize(ref _ends, Grow(_ends.Length, row + 1));
            _ends[row] = _length;
            _rows = row + 1;
        }

        // rows skipped since the last value are nulls: they end where the previous row ended
        public override void EnsureCapacity(int rows)
        {
            if (rows <= _rows) return;
            if (rows > _ends.Length) System.Array.Resize(ref _ends, Grow(_ends.Length, rows));
            System.Array.Fill(_ends, ~_length, _rows, rows - _rows);
            _rows = rows;
        }

        public override ParquetJobWriter.JobColumn Detach(string name)
        {
            var column = ParquetJobWriter.Utf8Text(name, _bytes, _ends);
            (_bytes, _ends) = _spare ?? (new byte[_bytes.Length], new int[_ends.Length]);
            _spare = null;
            _length = 0;
            _rows = 0;
            return column;
        }

        public override void Return(ParquetJobWriter.JobColumn values) => _spare = (values.Utf8!, (int[])values.Values);
    }
}

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
    private readonly List<(ColumnBuffer Buffer, Array Values)> _writing = [];

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
            var values = buffer.Detach();
            _writing.Add((buffer, values));
            columns.Add(ParquetJobWriter.Column(col.Name, buffer.Kind, values));
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
        _ => new TextBuffer(),
    };

    public abstract void Set(int row, object value);
    public abstract void EnsureCapacity(int rows);
    /// <summary>Hands over the array of values (for a file being written) and continues with a cleared spare.</summary>
    public abstract Array Detach();
    /// <summary>Takes back an array handed over by <see cref="Detach"/> once its file is written.</summary>
    public abstract void Return(Array values);
    /// <summary>Physical kind of the values.</summary>
    public abstract PhysicalKind Kind { get; }
    /// <summary>The typed array holding the values (long?[], double?[], bool?[], byte[]?[] or string?[]).</summary>
    public abstract object Data { get; }

    protected static int Grow(int current, int needed) => Math.Max(needed, Math.Max(1024, current * 2));

    private abstract class Typed<T> : ColumnBuffer
    {
        protected T[] Values = [];

        public override void EnsureCapacity(int rows)
        {
            if (Values.Length < rows) System.Array.Resize(ref Values, Grow(Values.Length, rows));
        }

        protected void Put(int row, T value)
        {
            if (row >= Values.Length) System.Array.Resize(ref Values, Grow(Values.Length, row + 1));
            Values[row] = value;
        }

        private T[]? _spare;

        public override Array Detach()
        {
            var values = Values;
            Values = _spare ?? new T[values.Length];
            _spare = null;
            return values;
        }

        public override void Return(Array values)
        {
            System.Array.Clear(values);
            _spare = (T[])values;
        }

        public override object Data => Values;
    }

    private sealed class Int64Buffer : Typed<long?>
    {
        public override void Set(int row, object value) => Put(row, value is long l ? l : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        public override PhysicalKind Kind => PhysicalKind.Int64;
    }

    private sealed class MicrosBuffer : Typed<long?>
    {
        public override void Set(int row, object value) => Put(row, ParquetJobWriter.ToMicros(value));
        public override PhysicalKind Kind => PhysicalKind.Micros;
    }

    private sealed class DoubleBuffer : Typed<double?>
    {
        public override void Set(int row, object value) => Put(row, value is double d ? d : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
        public override PhysicalKind Kind => PhysicalKind.Double;
    }

    private sealed class BoolBuffer : Typed<bool?>
    {
        public override void Set(int row, object value) => Put(row, (bool)value);
        public override PhysicalKind Kind => PhysicalKind.Bool;
    }

    private sealed class BytesBuffer : Typed<byte[]?>
    {
        public override void Set(int row, object value) => Put(row, (byte[])value);
        public override PhysicalKind Kind => PhysicalKind.Bytes;
    }

    private sealed class TextBuffer : Typed<string?>
    {
        public override void Set(int row, object value) => Put(row, ParquetJobWriter.ToText(value));
        public override PhysicalKind Kind => PhysicalKind.Text;
    }
}

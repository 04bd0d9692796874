using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Normalize;

/// <summary>
/// Buffers the rows of one table column by column (typed arrays, no per-row objects) and writes them as a Parquet job
/// file when the buffer is full (file rotation), so memory stays bounded however many rows a package has.
/// </summary>
internal sealed class TableRowBuffer(TableSchema table, string jobsDir, int maxRowsPerFile, Action<string, TableSchema>? fileWritten = null)
{
    private readonly List<ColumnBuffer?> _columns = [];
    private int _rows;

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

    /// <summary>Writes buffered rows as one Parquet job file.</summary>
    public void Flush()
    {
        if (_rows == 0) return;
        var name = JobFileName.New(Table.Name, ParquetJobWriter.Format);
        var path = Path.Combine(jobsDir, name.ToString());
        Write(path);
        Files.Add(path);
        // the table as this file has it (later rows may add columns): for early load
        fileWritten?.Invoke(path, Table.Clone());
        foreach (var c in _columns) c?.Clear(_rows);
        _rows = 0;
    }

    private void Write(string path)
    {
        var columns = new List<ParquetJobWriter.JobColumn>();
        for (var i = 0; i < Table.Columns.Count; i++)
        {
            var col = Table.Columns[i];
            if (!col.IsComplete) continue;
            var buffer = i < _columns.Count ? _columns[i] : null;
            if (buffer is null)
            {
                buffer = ColumnBuffer.For(col.DataType!.Value);
                while (_columns.Count <= i) _columns.Add(null);
                _columns[i] = buffer;
            }
            buffer.EnsureCapacity(_rows);
            columns.Add(ParquetJobWriter.Column(col.Name, buffer.Kind, buffer.Data));
        }
        ParquetJobWriter.WriteFile(path, columns, _rows, CancellationToken.None);
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
    public abstract void Clear(int rows);
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

        public override void Clear(int rows) => System.Array.Clear(Values, 0, Math.Min(rows, Values.Length));

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

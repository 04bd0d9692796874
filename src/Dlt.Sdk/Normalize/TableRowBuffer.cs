using DltNet.Schema;
using DltNet.Storage;
using Parquet;
using Parquet.Schema;

namespace DltNet.Normalize;

/// <summary>
/// Buffers the rows of one table column by column (typed arrays, no per-row objects) and writes them as a Parquet job
/// file when the buffer is full (file rotation), so memory stays bounded however many rows a package has.
/// </summary>
internal sealed class TableRowBuffer(TableSchema table, string jobsDir, int maxRowsPerFile)
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
        WriteAsync(path, CancellationToken.None).GetAwaiter().GetResult();
        Files.Add(path);
        foreach (var c in _columns) c?.Clear(_rows);
        _rows = 0;
    }

    private async Task WriteAsync(string path, CancellationToken ct)
    {
        var columns = new List<(ColumnSchema Column, ColumnBuffer Buffer)>();
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
            columns.Add((col, buffer));
        }
        var fields = columns.Select(c => c.Buffer.Field(c.Column.Name)).ToList();
        var schema = new ParquetSchema(fields);
        await using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using (var writer = await ParquetWriter.CreateAsync(schema, fs, cancellationToken: ct).ConfigureAwait(false))
        {
            // row groups of 50k rows let DuckDB read one file on several threads
            const int rowGroupSize = 50_000;
            for (var start = 0; start < _rows; start += rowGroupSize)
            {
                var count = Math.Min(rowGroupSize, _rows - start);
                using var rg = writer.CreateRowGroup();
                for (var c = 0; c < columns.Count; c++)
                    await columns[c].Buffer.WriteAsync(rg, fields[c], start, count, ct).ConfigureAwait(false);
                rg.CompleteValidate();
            }
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
    public abstract void Clear(int rows);
    public abstract DataField Field(string name);
    public abstract Task WriteAsync(ParquetRowGroupWriter rg, DataField field, int start, int count, CancellationToken ct);

    protected static int Grow(int current, int needed) => Math.Max(needed, Math.Max(1024, current * 2));

    private abstract class Typed<T> : ColumnBuffer
    {
        protected T[] Values = [];

        public override void EnsureCapacity(int rows)
        {
            if (Values.Length < rows) Array.Resize(ref Values, Grow(Values.Length, rows));
        }

        protected void Put(int row, T value)
        {
            if (row >= Values.Length) Array.Resize(ref Values, Grow(Values.Length, row + 1));
            Values[row] = value;
        }

        public override void Clear(int rows) => Array.Clear(Values, 0, Math.Min(rows, Values.Length));
    }

    private sealed class Int64Buffer : Typed<long?>
    {
        public override void Set(int row, object value) => Put(row, value is long l ? l : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        public override DataField Field(string name) => new DataField<long?>(name);
        public override Task WriteAsync(ParquetRowGroupWriter rg, DataField field, int start, int count, CancellationToken ct) =>
            rg.WriteAsync(field, new ReadOnlyMemory<long?>(Values, start, count), cancellationToken: ct);
    }

    private sealed class MicrosBuffer : Typed<long?>
    {
        public override void Set(int row, object value) => Put(row, ParquetJobWriter.ToMicros(value));
        public override DataField Field(string name) => new DataField<long?>(name);
        public override Task WriteAsync(ParquetRowGroupWriter rg, DataField field, int start, int count, CancellationToken ct) =>
            rg.WriteAsync(field, new ReadOnlyMemory<long?>(Values, start, count), cancellationToken: ct);
    }

    private sealed class DoubleBuffer : Typed<double?>
    {
        public override void Set(int row, object value) => Put(row, value is double d ? d : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
        public override DataField Field(string name) => new DataField<double?>(name);
        public override Task WriteAsync(ParquetRowGroupWriter rg, DataField field, int start, int count, CancellationToken ct) =>
            rg.WriteAsync(field, new ReadOnlyMemory<double?>(Values, start, count), cancellationToken: ct);
    }

    private sealed class BoolBuffer : Typed<bool?>
    {
        public override void Set(int row, object value) => Put(row, (bool)value);
        public override DataField Field(string name) => new DataField<bool?>(name);
        public override Task WriteAsync(ParquetRowGroupWriter rg, DataField field, int start, int count, CancellationToken ct) =>
            rg.WriteAsync(field, new ReadOnlyMemory<bool?>(Values, start, count), cancellationToken: ct);
    }

    private sealed class BytesBuffer : Typed<byte[]?>
    {
        public override void Set(int row, object value) => Put(row, (byte[])value);
        public override DataField Field(string name) => new DataField<byte[]>(name, true);
        public override Task WriteAsync(ParquetRowGroupWriter rg, DataField field, int start, int count, CancellationToken ct) =>
            rg.WriteAsync(field, (IReadOnlyCollection<byte[]>)new ArraySegment<byte[]?>(Values, start, count)!);
    }

    private sealed class TextBuffer : Typed<string?>
    {
        public override void Set(int row, object value) => Put(row, ParquetJobWriter.ToText(value));
        public override DataField Field(string name) => new DataField<string>(name, true);
        public override Task WriteAsync(ParquetRowGroupWriter rg, DataField field, int start, int count, CancellationToken ct) =>
            rg.WriteAsync(field, (IReadOnlyCollection<string>)new ArraySegment<string?>(Values, start, count)!);
    }
}

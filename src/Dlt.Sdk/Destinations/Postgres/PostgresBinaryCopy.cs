using System.Globalization;
using System.Numerics;
using DltNet.Schema;
using DltNet.Storage;
using Npgsql;
using Parquet;
using Parquet.Schema;

namespace DltNet.Destinations.Postgres;

/// <summary>
/// Streams a Parquet job file into a table with PostgreSQL's binary COPY: row groups are read column-wise
/// (physical types of <see cref="ParquetJobWriter"/>) and encoded by <see cref="PostgresBinaryWriter"/> in the binary
/// form of the column's PostgreSQL type, so nothing is inferred per value and no row INSERT is ever issued. Memory is
/// bounded by one row group.
/// </summary>
internal static class PostgresBinaryCopy
{
    /// <summary>Copies the file into <paramref name="qualifiedTable"/>; returns the number of rows.</summary>
    public static async Task<long> CopyAsync(NpgsqlConnection connection, string filePath, string qualifiedTable, TableSchema table,
        Func<string, string> quote, CancellationToken ct)
    {
        await using var reader = await ParquetReader.CreateAsync(filePath, null, ct).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        var columns = new CopyColumn[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var col = table.GetColumn(fields[i].Name)
                      ?? throw new SchemaCorruptedException($"Job file {Path.GetFileName(filePath)} has column `{fields[i].Name}` that table `{table.Name}` does not know.");
            if (col.DataType is null)
                throw new SchemaCorruptedException($"Column `{col.Name}` of table `{table.Name}` has no data type but job file {Path.GetFileName(filePath)} holds values for it.");
            var clr = fields[i].ClrType;
            var matches = ParquetJobWriter.KindOf(col.DataType.Value) switch
            {
                PhysicalKind.Int64 or PhysicalKind.Micros => clr == typeof(long),
                PhysicalKind.Double => clr == typeof(double),
                PhysicalKind.Bool => clr == typeof(bool),
                PhysicalKind.Bytes => clr == typeof(byte[]) || clr == typeof(ReadOnlyMemory<byte>),
                _ => clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>),
            };
            if (!matches)
                throw new SchemaCorruptedException(
                    $"Job file {Path.GetFileName(filePath)} stores column `{col.Name}` of table `{table.Name}` as {clr.Name}, which does not match its type {col.DataType.Value.ToDltName()}.");
            columns[i] = CopyColumn.For(fields[i], col);
        }
        if (columns.Length == 0) return 0;

        return await CopyAsync(connection, columns, quote, qualifiedTable, async writer =>
        {
            long rows = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                ct.ThrowIfCancellationRequested();
                using var rg = reader.OpenRowGroupReader(g);
                var n = checked((int)rg.RowCount);
                if (n == 0) continue;
                foreach (var c in columns) await c.ReadAsync(rg, n, ct).ConfigureAwait(false);
                WriteRows(writer, columns, n, rows, qualifiedTable, filePath, ct);
                rows += n;
            }
            return rows;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies the typed column arrays a job file was written from (early load: the same columns and rows as the file,
    /// without reading it back). Arrays are those of <see cref="ParquetJobWriter.Column"/>, <see cref="ParquetJobWriter.FixedWidthText"/>
    /// and <see cref="ParquetJobWriter.Utf8Text"/>.
    /// </summary>
    public static async Task<long> CopyColumnsAsync(NpgsqlConnection connection, IReadOnlyList<ParquetJobWriter.JobColumn> jobColumns, int rows,
        string filePath, string qualifiedTable, TableSchema table, Func<string, string> quote, CancellationToken ct)
    {
        var columns = new CopyColumn[jobColumns.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var job = jobColumns[i];
            var col = table.GetColumn(job.Name) is { DataType: not null } c ? c
                : throw new SchemaCorruptedException($"Job file {Path.GetFileName(filePath)} has column `{job.Name}` that table `{table.Name}` does not know with a data type.");
            if (ParquetJobWriter.KindOf(col.DataType!.Value) != job.Kind)
                throw new SchemaCorruptedException($"Column `{col.Name}` of table `{table.Name}` is {col.DataType.Value.ToDltName()}, but its job column holds {job.Kind} values.");
            if (job.Values is byte[] fixedWidth) columns[i] = new FixedWidthTextColumn(col, fixedWidth, job.Width);
            else if (job.Utf8 is { } utf8 && col.DataType == DltDataType.Text) columns[i] = new Utf8TextColumn(col, utf8, (int[])job.Values);
            else
            {
                columns[i] = CopyColumn.For(null, col);
                // text of other types (json, decimal, date, time) is parsed from its string form
                columns[i].Use(job.Utf8 is { } text ? Utf8TextColumn.Strings(text, (int[])job.Values, rows) : job.Values);
            }
        }
        if (columns.Length == 0 || rows == 0) return 0;
        return await CopyAsync(connection, columns, quote, qualifiedTable, writer =>
        {
            WriteRows(writer, columns, rows, 0, qualifiedTable, filePath, ct);
            return Task.FromResult((long)rows);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// One binary COPY through Npgsql's raw COPY stream: <paramref name="writeRows"/> encodes the tuples; the COPY is
    /// completed when the stream is disposed, or cancelled (CopyFail) when encoding throws, so a bad value never lands half a file.
    /// </summary>
    private static async Task<long> CopyAsync(NpgsqlConnection connection, CopyColumn[] columns, Func<string, string> quote, string qualifiedTable,
        Func<PostgresBinaryWriter, Task<long>> writeRows, CancellationToken ct)
    {
        var copy = $"COPY {qualifiedTable} ({string.Join(", ", columns.Select(c => quote(c.Column.Name)))}) FROM STDIN (FORMAT BINARY)";
        var stream = await connection.BeginRawBinaryCopyAsync(copy, ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                using var writer = new PostgresBinaryWriter(stream);
                var rows = await writeRows(writer).ConfigureAwait(false);
                writer.Finish();
                return rows;
            }
            catch (Exception e) when (e is not NpgsqlException)
            {
                await stream.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Encodes rows synchronously into the writer's buffer; the stream is written when the buffer is full
    /// (per-value async calls cost about a third of the load time when measured with Npgsql's importer).
    /// </summary>
    private static void WriteRows(PostgresBinaryWriter writer, CopyColumn[] columns, int n, long rowsBefore, string qualifiedTable, string filePath, CancellationToken ct)
    {
        for (var r = 0; r < n; r++)
        {
            if ((r & 0x3FFF) == 0) ct.ThrowIfCancellationRequested();
            writer.StartRow(columns.Length);
            foreach (var c in columns)
            {
                try
                {
                    c.Write(writer, r);
                }
                catch (Exception e) when (e is OverflowException or FormatException or ArgumentException) // ArgumentException covers out-of-range dates and invalid UTF-16
                {
                    throw new DltDataException(
                        $"Cannot load value {c.Preview(r)} of column `{c.Column.Name}` ({c.Column.DataType?.ToDltName()}) " +
                        $"into {qualifiedTable}: {e.Message} (job file {Path.GetFileName(filePath)}, row {rowsBefore + r + 1}).", e);
                }
            }
        }
    }

    /// <summary>Row ids kept as bytes (ASCII, one width): written as text straight from the byte buffer, no string per row.</summary>
    private sealed class FixedWidthTextColumn(ColumnSchema column, byte[] bytes, int width) : CopyColumn(null, column)
    {
        public override ValueTask ReadAsync(ParquetRowGroupReader rg, int count, CancellationToken ct) =>
            throw new InvalidOperationException("Fixed-width text comes from memory only.");

        public override void Use(Array values) => throw new InvalidOperationException("Fixed-width text is given at construction.");

        public override void Write(PostgresBinaryWriter writer, int row) => writer.WriteUtf8Text(bytes.AsSpan(row * width, width));

        public override string Preview(int row) => "'" + System.Text.Encoding.ASCII.GetString(bytes, row * width, width) + "'";
    }

    /// <summary>Text kept as UTF-8 runs (<see cref="ParquetJobWriter.Utf8Text"/>): written straight from the bytes, no string per row.</summary>
    private sealed class Utf8TextColumn(ColumnSchema column, byte[] utf8, int[] ends) : CopyColumn(null, column)
    {
        public override ValueTask ReadAsync(ParquetRowGroupReader rg, int count, CancellationToken ct) =>
            throw new InvalidOperationException("UTF-8 text runs come from memory only.");

        public override void Use(Array values) => throw new InvalidOperationException("UTF-8 text runs are given at construction.");

        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (ends[row] < 0) writer.WriteNull();
            else writer.WriteUtf8Text(ParquetJobWriter.Utf8Value(utf8, ends, row));
        }

        public override string Preview(int row) => ends[row] < 0 ? "NULL" : "'" + System.Text.Encoding.UTF8.GetString(ParquetJobWriter.Utf8Value(utf8, ends, row)) + "'";

        /// <summary>The first <paramref name="rows"/> values as strings.</summary>
        public static string?[] Strings(byte[] utf8, int[] ends, int rows)
        {
            var strings = new string?[rows];
            for (var r = 0; r < rows; r++) strings[r] = ends[r] < 0 ? null : System.Text.Encoding.UTF8.GetString(ParquetJobWriter.Utf8Value(utf8, ends, r));
            return strings;
        }
    }

    /// <summary>One column of a row group, read from Parquet and written to COPY.</summary>
    private abstract class CopyColumn(DataField? field, ColumnSchema column)
    {
        /// <summary>The Parquet field (null for columns copied from memory).</summary>
        public DataField Field { get; } = field!;
        public ColumnSchema Column { get; } = column;

        public abstract ValueTask ReadAsync(ParquetRowGroupReader rg, int count, CancellationToken ct);
        /// <summary>Takes an in-memory array of the values instead of reading them.</summary>
        public abstract void Use(Array values);
        public abstract void Write(PostgresBinaryWriter writer, int row);
        public abstract string Preview(int row);

        public static CopyColumn For(DataField? field, ColumnSchema c) => c.DataType!.Value switch
        {
            // the column types of PostgresDialect: smallint up to 16 bits of precision, integer up to 32, else bigint
            DltDataType.Bigint => new Int64Column(field, c, c.Precision switch { null => 8, <= 16 => 2, <= 32 => 4, _ => 8 }),
            DltDataType.Double => new DoubleColumn(field, c),
            DltDataType.Bool => new BoolColumn(field, c),
            DltDataType.Timestamp => new MicrosColumn(field, c, c.Timezone != false),
            DltDataType.Binary => new BytesColumn(field, c),
            DltDataType.Json => new TextColumn(field, c, jsonb: true),
            DltDataType.Decimal or DltDataType.Wei => new NumericColumn(field, c),
            DltDataType.Date => new DateColumn(field, c),
            DltDataType.Time => new TimeColumn(field, c),
            _ => new TextColumn(field, c, jsonb: false),
        };
    }

    private abstract class StructColumn<T>(DataField? field, ColumnSchema column) : CopyColumn(field, column) where T : struct
    {
        protected T?[] Data = [];

        public override void Use(Array values) => Data = (T?[])values;

        public override async ValueTask ReadAsync(ParquetRowGroupReader rg, int count, CancellationToken ct)
        {
            if (Data.Length != count) Data = new T?[count];
            await rg.ReadAsync<T>(Field, Data.AsMemory(), null, ct).ConfigureAwait(false);
        }

        public override string Preview(int row) => Data[row] is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" : "NULL";
    }

    private abstract class RefColumn<T>(DataField? field, ColumnSchema column) : CopyColumn(field, column) where T : class
    {
        protected T?[] Data = [];

        public override void Use(Array values) => Data = (T?[])values;

        public override string Preview(int row) => Data[row] switch
        {
            null => "NULL",
            string s => s.Length > 60 ? $"'{s[..60]}…'" : $"'{s}'",
            byte[] b => $"<{b.Length} bytes>",
            var v => v.ToString() ?? "",
        };
    }

    /// <summary>bigint, or smallint/integer (<paramref name="size"/> 2 or 4 bytes; a value that does not fit overflows).</summary>
    private sealed class Int64Column(DataField? field, ColumnSchema column, int size) : StructColumn<long>(field, column)
    {
        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (Data[row] is not { } v) { writer.WriteNull(); return; }
            switch (size)
            {
                case 2: writer.WriteInt16(checked((short)v)); break;
                case 4: writer.WriteInt32(checked((int)v)); break;
                default: writer.WriteInt64(v); break;
            }
        }
    }

    private sealed class DoubleColumn(DataField? field, ColumnSchema column) : StructColumn<double>(field, column)
    {
        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (Data[row] is { } v) writer.WriteDouble(v);
            else writer.WriteNull();
        }
    }

    private sealed class BoolColumn(DataField? field, ColumnSchema column) : StructColumn<bool>(field, column)
    {
        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (Data[row] is { } v) writer.WriteBool(v);
            else writer.WriteNull();
        }
    }

    /// <summary>Microseconds since the Unix epoch: a UTC instant (timestamptz) or a naive wall time (timestamp).</summary>
    private sealed class MicrosColumn(DataField? field, ColumnSchema column, bool utc) : StructColumn<long>(field, column)
    {
        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (Data[row] is not { } micros) { writer.WriteNull(); return; }
            // through DateTime, so a value outside years 1-9999 fails here with its column named
            writer.WriteTimestamp(new DateTime(checked(DateTime.UnixEpoch.Ticks + micros * TimeSpan.TicksPerMicrosecond), utc ? DateTimeKind.Utc : DateTimeKind.Unspecified));
        }

        public override string Preview(int row) => Data[row] is { } v ? v.ToString(CultureInfo.InvariantCulture) + " µs since epoch" : "NULL";
    }

    private sealed class BytesColumn(DataField? field, ColumnSchema column) : RefColumn<byte[]>(field, column)
    {
        public override async ValueTask ReadAsync(ParquetRowGroupReader rg, int count, CancellationToken ct)
        {
            if (Data.Length != count) Data = new byte[]?[count];
            await rg.ReadAsync(Field, Data.AsMemory()!, null, ct).ConfigureAwait(false);
        }

        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (Data[row] is { } v) writer.WriteBytes(v);
            else writer.WriteNull();
        }
    }

    private abstract class StringColumn(DataField? field, ColumnSchema column) : RefColumn<string>(field, column)
    {
        public override async ValueTask ReadAsync(ParquetRowGroupReader rg, int count, CancellationToken ct)
        {
            if (Data.Length != count) Data = new string?[count];
            await rg.ReadAsync(Field, Data.AsMemory()!, null, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Text and json (jsonb takes the JSON text as is).</summary>
    private sealed class TextColumn(DataField? field, ColumnSchema column, bool jsonb) : StringColumn(field, column)
    {
        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (Data[row] is not { } v) writer.WriteNull();
            else if (jsonb) writer.WriteJsonb(v);
            else writer.WriteText(v);
        }
    }

    /// <summary>decimal and wei: text in the job file; .NET decimal when it fits, else an integral BigInteger (wei).</summary>
    private sealed class NumericColumn(DataField? field, ColumnSchema column) : StringColumn(field, column)
    {
        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (Data[row] is not { } text) { writer.WriteNull(); return; }
            // decimal's and BigInteger's invariant text is plain (no exponent), with the decimal's scale kept
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                writer.WriteNumeric(d.ToString(CultureInfo.InvariantCulture));
            else if (BigInteger.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var big))
                writer.WriteNumeric(big.ToString(CultureInfo.InvariantCulture));
            else throw new FormatException("the text is neither a decimal number within .NET decimal's 28 digits nor an integer");
        }
    }

    private sealed class DateColumn(DataField? field, ColumnSchema column) : StringColumn(field, column)
    {
        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (Data[row] is { } v) writer.WriteDate(DateOnly.Parse(v, CultureInfo.InvariantCulture));
            else writer.WriteNull();
        }
    }

    private sealed class TimeColumn(DataField? field, ColumnSchema column) : StringColumn(field, column)
    {
        public override void Write(PostgresBinaryWriter writer, int row)
        {
            if (Data[row] is { } v) writer.WriteTime(TimeOnly.Parse(v, CultureInfo.InvariantCulture));
            else writer.WriteNull();
        }
    }
}

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

    /// <summary>Writes <paramref name="rows"/> (values indexed like <paramref name="columns"/>' positions in the table).</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<(ColumnSchema Column, int Index)> columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var fields = new List<DataField>(columns.Count);
        foreach (var (col, _) in columns) fields.Add(FieldFor(col));
        var schema = new ParquetSchema(fields);
        await using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using (var writer = await ParquetWriter.CreateAsync(schema, fs, cancellationToken: ct).ConfigureAwait(false))
        {
            // row groups of 50k rows let DuckDB read one file on several threads
            const int rowGroupSize = 50_000;
            for (var start = 0; start < rows.Count || start == 0; start += rowGroupSize)
            {
                var count = Math.Min(rowGroupSize, rows.Count - start);
                using var rg = writer.CreateRowGroup();
                for (var c = 0; c < columns.Count; c++)
                    await WriteColumnAsync(rg, fields[c], columns[c].Column, columns[c].Index, rows, start, count, ct).ConfigureAwait(false);
                rg.CompleteValidate();
                if (rows.Count == 0) break;
            }
        }
        await fs.FlushAsync(ct).ConfigureAwait(false);
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

    private static DataField FieldFor(ColumnSchema col) => KindOf(col.DataType!.Value) switch
    {
        PhysicalKind.Int64 or PhysicalKind.Micros => new DataField<long?>(col.Name),
        PhysicalKind.Double => new DataField<double?>(col.Name),
        PhysicalKind.Bool => new DataField<bool?>(col.Name),
        PhysicalKind.Bytes => new DataField<byte[]>(col.Name, true),
        _ => new DataField<string>(col.Name, true),
    };

    private static async Task WriteColumnAsync(ParquetRowGroupWriter rg, DataField field, ColumnSchema col, int index, IReadOnlyList<object?[]> rows, int start, int count, CancellationToken ct)
    {
        switch (KindOf(col.DataType!.Value))
        {
            case PhysicalKind.Int64:
            {
                var data = new long?[count];
                for (var i = 0; i < count; i++) data[i] = Get(rows[start + i], index) is { } v ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;
                await rg.WriteAsync(field, (ReadOnlyMemory<long?>)data, cancellationToken: ct).ConfigureAwait(false);
                break;
            }
            case PhysicalKind.Micros:
            {
                var data = new long?[count];
                for (var i = 0; i < count; i++) data[i] = Get(rows[start + i], index) is { } v ? ToMicros(v) : null;
                await rg.WriteAsync(field, (ReadOnlyMemory<long?>)data, cancellationToken: ct).ConfigureAwait(false);
                break;
            }
            case PhysicalKind.Double:
            {
                var data = new double?[count];
                for (var i = 0; i < count; i++) data[i] = Get(rows[start + i], index) is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;
                await rg.WriteAsync(field, (ReadOnlyMemory<double?>)data, cancellationToken: ct).ConfigureAwait(false);
                break;
            }
            case PhysicalKind.Bool:
            {
                var data = new bool?[count];
                for (var i = 0; i < count; i++) data[i] = Get(rows[start + i], index) is bool b ? b : null;
                await rg.WriteAsync(field, (ReadOnlyMemory<bool?>)data, cancellationToken: ct).ConfigureAwait(false);
                break;
            }
            case PhysicalKind.Bytes:
            {
                var data = new byte[]?[count];
                for (var i = 0; i < count; i++) data[i] = Get(rows[start + i], index) as byte[];
                await rg.WriteAsync(field, (IReadOnlyCollection<byte[]>)data!).ConfigureAwait(false);
                break;
            }
            default:
            {
                var data = new string?[count];
                for (var i = 0; i < count; i++) data[i] = Get(rows[start + i], index) is { } v ? ToText(v) : null;
                await rg.WriteAsync(field, (IReadOnlyCollection<string>)data!).ConfigureAwait(false);
                break;
            }
        }
    }

    private static object? Get(object?[] row, int index) => index < row.Length ? row[index] : null;

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

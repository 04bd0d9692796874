using DltNet.Storage;
using DuckDB.NET.Data;
using Parquet;
using Xunit;

namespace DltNet.Tests;

/// <summary>
/// Job files are written by our own Parquet writer (flat, optional, PLAIN, uncompressed): every column kind, with and
/// without nulls, across row groups and page splits, must read back identically with Parquet.Net and with DuckDB.
/// </summary>
public sealed class ParquetJobWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dlt-parquet-" + Guid.NewGuid().ToString("N"));

    public ParquetJobWriterTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (long?[] Ints, double?[] Doubles, bool?[] Bools, string?[] Texts, byte[]?[] Blobs, long?[] Dense) Columns(int rows, int textLength = 0)
    {
        var ints = new long?[rows];
        var doubles = new double?[rows];
        var bools = new bool?[rows];
        var texts = new string?[rows];
        var blobs = new byte[]?[rows];
        var dense = new long?[rows];
        for (var i = 0; i < rows; i++)
        {
            ints[i] = i % 7 == 3 ? null : (i % 2 == 0 ? i : -(long)i * 1_000_000_007);
            doubles[i] = i % 11 == 5 ? null : i * 0.25 - 3;
            bools[i] = i % 5 == 1 ? null : i % 3 == 0;
            texts[i] = i % 13 == 7 ? null : (textLength > 0 ? new string((char)('a' + i % 26), textLength) : $"näme_{i}_€_😀");
            blobs[i] = i % 17 == 2 ? null : [(byte)i, (byte)(i >> 8), 0, 255];
            dense[i] = i;
        }
        return (ints, doubles, bools, texts, blobs, dense);
    }

    private string Write(int rows, int textLength = 0)
    {
        var c = Columns(rows, textLength);
        var path = Path.Combine(_dir, $"t_{rows}_{textLength}.parquet");
        ParquetJobWriter.WriteFile(path,
        [
            ParquetJobWriter.Column("ints", PhysicalKind.Int64, c.Ints),
            ParquetJobWriter.Column("doubles", PhysicalKind.Double, c.Doubles),
            ParquetJobWriter.Column("bools", PhysicalKind.Bool, c.Bools),
            ParquetJobWriter.Column("texts", PhysicalKind.Text, c.Texts),
            ParquetJobWriter.Column("blobs", PhysicalKind.Bytes, c.Blobs),
            ParquetJobWriter.Column("micros", PhysicalKind.Micros, c.Dense),
            Utf8Column("utf8", c.Texts),
        ], rows, CancellationToken.None);
        return path;
    }

    /// <summary>The texts as the normalizer buffers them: UTF-8 runs (rows never set are the nulls).</summary>
    private static ParquetJobWriter.JobColumn Utf8Column(string name, string?[] texts)
    {
        var buffer = DltNet.Normalize.ColumnBuffer.For(DltNet.Schema.DltDataType.Text);
        for (var r = 0; r < texts.Length; r++)
            if (texts[r] is { } t) buffer.Set(r, t);
        buffer.EnsureCapacity(texts.Length);
        return buffer.Detach(name);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(9, 0)]
    [InlineData(123_457, 0)] // three row groups, the last partial
    [InlineData(3_000, 1_000)] // ~3 MB of text: several pages per chunk
    public async Task ParquetNetReadsEveryColumnBack(int rows, int textLength)
    {
        var path = Write(rows, textLength);
        var expected = Columns(rows, textLength);
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["ints", "doubles", "bools", "texts", "blobs", "micros", "utf8"], fields.Select(f => f.Name));
        Assert.Equal([typeof(long), typeof(double), typeof(bool)], fields.Take(3).Select(f => f.ClrType));
        Assert.Contains(fields[3].ClrType, new[] { typeof(string), typeof(ReadOnlyMemory<char>) });
        Assert.Contains(fields[4].ClrType, new[] { typeof(byte[]), typeof(ReadOnlyMemory<byte>) });
        Assert.Equal(typeof(long), fields[5].ClrType);
        var offset = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            var n = (int)rg.RowCount;
            var ints = new long?[n];
            var doubles = new double?[n];
            var bools = new bool?[n];
            var texts = new string?[n];
            var blobs = new byte[]?[n];
            var micros = new long?[n];
            var utf8 = new string?[n];
            await rg.ReadAsync<long>(fields[0], ints.AsMemory(), null);
            await rg.ReadAsync<double>(fields[1], doubles.AsMemory(), null);
            await rg.ReadAsync<bool>(fields[2], bools.AsMemory(), null);
            await rg.ReadAsync(fields[3], texts.AsMemory()!, null);
            await rg.ReadAsync(fields[4], blobs.AsMemory()!, null);
            await rg.ReadAsync<long>(fields[5], micros.AsMemory(), null);
            await rg.ReadAsync(fields[6], utf8.AsMemory()!, null);
            Assert.Equal(expected.Ints.Skip(offset).Take(n), ints);
            Assert.Equal(expected.Doubles.Skip(offset).Take(n), doubles);
            Assert.Equal(expected.Bools.Skip(offset).Take(n), bools);
            Assert.Equal(expected.Texts.Skip(offset).Take(n), texts);
            Assert.Equal(expected.Blobs.Skip(offset).Take(n), blobs);
            Assert.Equal(expected.Dense.Skip(offset).Take(n), micros);
            Assert.Equal(expected.Texts.Skip(offset).Take(n), utf8);
            offset += n;
        }
        Assert.Equal(rows, offset);
    }

    [Theory]
    [InlineData(123_457, 0)]
    [InlineData(3_000, 1_000)]
    public void DuckDbReadsEveryColumnBack(int rows, int textLength)
    {
        var path = Write(rows, textLength);
        var expected = Columns(rows, textLength);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT ints, doubles, bools, texts, blobs, micros, utf8 FROM read_parquet('{path}')";
        using var reader = cmd.ExecuteReader();
        var i = 0;
        while (reader.Read())
        {
            Assert.Equal(expected.Ints[i], reader.IsDBNull(0) ? null : reader.GetInt64(0));
            Assert.Equal(expected.Doubles[i], reader.IsDBNull(1) ? null : reader.GetDouble(1));
            Assert.Equal(expected.Bools[i], reader.IsDBNull(2) ? null : reader.GetBoolean(2));
            Assert.Equal(expected.Texts[i], reader.IsDBNull(3) ? null : reader.GetString(3));
            Assert.Equal(expected.Blobs[i], reader.IsDBNull(4) ? null : ReadBlob(reader.GetStream(4)));
            Assert.Equal(expected.Dense[i], reader.GetInt64(5));
            Assert.Equal(expected.Texts[i], reader.IsDBNull(6) ? null : reader.GetString(6));
            i++;
        }
        Assert.Equal(rows, i);
    }

    private static byte[] ReadBlob(Stream stream)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    [Fact]
    public void AFileWithoutRowsIsValid()
    {
        var path = Path.Combine(_dir, "empty.parquet");
        ParquetJobWriter.WriteFile(path, [ParquetJobWriter.Column("a", PhysicalKind.Text, Array.Empty<string?>())], 0, CancellationToken.None);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM read_parquet('{path}')";
        Assert.Equal(0L, Convert.ToInt64(cmd.ExecuteScalar()));
    }

    [Fact]
    public void AColumnOfTheWrongArrayTypeIsRejected() =>
        Assert.Throws<ArgumentException>(() => ParquetJobWriter.Column("a", PhysicalKind.Int64, new double?[1]));
}

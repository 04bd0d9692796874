using System.Security.Cryptography;
using DltNet.Normalize;
using Xunit;

namespace DltNet.Tests;

/// <summary>Nested row ids are SHAKE128 digests (dlt's digest128): the managed Keccak must equal the platform's.</summary>
public sealed class RowIdTests
{
    [Fact]
    public void ManagedShake128EqualsThePlatformOne()
    {
        Assert.True(Shake128.IsSupported, "the platform has no SHAKE128 to compare with");
        var random = new Random(7);
        // empty, short, one byte under/at/over the 168-byte rate, and several blocks
        foreach (var length in new[] { 0, 1, 13, 40, 135, 136, 166, 167, 168, 169, 335, 336, 337, 1000 })
        {
            for (var k = 0; k < 20; k++)
            {
                var input = new byte[length];
                random.NextBytes(input);
                var expected = new byte[10];
                var actual = new byte[10];
                Shake128.HashData(input, expected);
                Shake128Managed.HashData(input, actual);
                Assert.Equal(expected, actual);
            }
        }
        var longOut = new byte[168];
        var longExpected = new byte[168];
        Shake128.HashData("abc"u8, longExpected);
        Shake128Managed.HashData("abc"u8, longOut);
        Assert.Equal(longExpected, longOut);
    }

    [Fact]
    public void FourMessagesAtOnceHashAsEachAlone()
    {
        Assert.True(Shake128.IsSupported, "the platform has no SHAKE128 to compare with");
        var random = new Random(11);
        for (var k = 0; k < 200; k++)
        {
            // lengths across lane (8-byte) boundaries up to one block less its padding byte, mixed in one call
            var messages = Enumerable.Range(0, 4).Select(_ => { var m = new byte[random.Next(0, Shake128Managed.MaxShortMessage + 1)]; random.NextBytes(m); return m; }).ToArray();
            if (k < 4) messages[k] = new byte[Shake128Managed.MaxShortMessage];
            var digestLength = 1 + k % 16;
            var actual = new byte[4 * digestLength];
            Shake128Managed.HashFourShort(messages[0], messages[1], messages[2], messages[3], digestLength, actual);
            for (var m = 0; m < 4; m++)
            {
                var expected = new byte[digestLength];
                Shake128.HashData(messages[m], expected);
                Assert.Equal(expected, actual.AsSpan(m * digestLength, digestLength).ToArray());
            }
        }
    }

    [Fact]
    public void ChildIdsOfAWholeBufferEqualTheIdsOneByOne()
    {
        var random = new Random(3);
        // 1, 2, 3 and 4 rows in the last group of four; a parent id so long that its message takes the one-by-one path
        foreach (var count in new[] { 0, 1, 2, 3, 4, 5, 11, 37 })
        {
            var parents = Enumerable.Range(0, count).Select(i => i == 5 ? new string('p', 300) : i % 7 == 3 ? "päräntß_" + i : RowIds.Random()).ToArray();
            var indexes = Enumerable.Range(0, count).Select(i => (long?)random.Next(0, 100_000)).ToArray();
            var utf8 = parents.SelectMany(System.Text.Encoding.UTF8.GetBytes).ToArray();
            var ends = new int[count];
            for (int i = 0, end = 0; i < count; i++) ends[i] = end += System.Text.Encoding.UTF8.GetByteCount(parents[i]);
            var batch = new byte[count * RowIds.IdLength];
            RowIds.ChildIdsInto(utf8, ends, "orders__lines", indexes, count, batch);
            for (var i = 0; i < count; i++)
                Assert.Equal(RowIds.Child(parents[i], "orders__lines", (int)indexes[i]!.Value), System.Text.Encoding.ASCII.GetString(batch, i * RowIds.IdLength, RowIds.IdLength));
        }
    }

    [Fact]
    public void IdsOfAWholeListEqualTheChildIdsOneByOne()
    {
        // list lengths around the groups of four; non-ASCII and over-long parent ids and table names (one-by-one path);
        // a table name that leaves room for one-digit positions only (positions from 10 on go one by one, within a group)
        foreach (var (parent, table) in new[] { (RowIds.Random(), "orders__lines"), ("päräntß_1", "bestellungen__pösitionen"), (new string('p', 200), "t"), ("p", new string('t', 170)), (RowIds.Random(), new string('t', 150)) })
        {
            foreach (var count in new[] { 1, 2, 3, 4, 5, 8, 9, 1001 })
            {
                var ids = new string[count];
                RowIds.ChildIdsOfList(parent, table, ids);
                for (var i = 0; i < count; i++) Assert.Equal(RowIds.Child(parent, table, i), ids[i]);
            }
        }
    }

    [Fact]
    public void KeyHashesOfWholeKeyColumnsEqualTheObjectHashOfEachRowsKey()
    {
        // text that JSON escapes (quotes, backslash, control characters), non-ASCII, emoji and line separators, and a
        // value so long that its message takes the one-by-one path; columns given out of name order
        string[] texts = ["plain", "näme \"quoted\" \u0001 😀 <tag> & 'x'", "back\\slash\n\t", "\u2028\u2029\u007f", "", "日本語", new string('k', 400)];
        foreach (var count in new[] { 0, 1, 2, 3, 4, 5, 9, 23 })
        {
            var region = Enumerable.Range(0, count).Select(i => texts[i % texts.Length]).ToArray();
            var id = Enumerable.Range(0, count).Select(i => (long?)(i % 3 == 0 ? -i * 1_000_003L : i == 4 ? long.MaxValue : i)).ToArray();
            var active = Enumerable.Range(0, count).Select(i => (bool?)(i % 2 == 0)).ToArray();
            var utf8 = region.SelectMany(System.Text.Encoding.UTF8.GetBytes).ToArray();
            var ends = new int[count];
            for (int i = 0, end = 0; i < count; i++) ends[i] = end += System.Text.Encoding.UTF8.GetByteCount(region[i]);
            var columns = new[]
            {
                DltNet.Storage.ParquetJobWriter.Utf8Text("region", utf8, ends),
                DltNet.Storage.ParquetJobWriter.Column("id", DltNet.Storage.PhysicalKind.Int64, id),
                DltNet.Storage.ParquetJobWriter.Column("active", DltNet.Storage.PhysicalKind.Bool, active),
            };
            var batch = new byte[count * RowIds.IdLength];
            RowIds.KeyHashIdsInto(columns, count, batch);
            for (var i = 0; i < count; i++)
            {
                var expected = RowIds.ObjectHash([new("region", region[i]), new("id", id[i]!.Value), new("active", active[i]!.Value)]);
                Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(batch, i * RowIds.IdLength, RowIds.IdLength));
            }
        }
    }

    /// <summary>Key and content hashes (upsert, insert-only, scd2 row ids) must stay byte-identical to the stored ones.</summary>
    [Fact]
    public void ObjectHashIsTheDigestOfTheSortedPlainJson()
    {
        static DltObject Sorted(DltObject o)
        {
            var sorted = new DltObject();
            foreach (var kv in o.OrderBy(p => p.Key, StringComparer.Ordinal)) sorted.Add(kv.Key, kv.Value is DltObject n ? Sorted(n) : kv.Value);
            return sorted;
        }

        var samples = new List<DltObject>
        {
            new() { { "id", 5L } },
            new() { { "b", "two" }, { "a", 1L }, { "c", 2.5 } },
            new() { { "name", "näme \"quoted\" \u0001 😀 <tag> & 'x'" }, { "Id", 7L }, { "id", 8L }, { "_id", true } },
            new() { { "when", new DateTimeOffset(2024, 2, 29, 23, 59, 59, 123, TimeSpan.Zero) }, { "price", 12.3400m }, { "day", new DateOnly(2024, 1, 2) } },
            new() { { "nested", new DltObject { { "z", 1L }, { "y", new DltObject { { "b", 2L }, { "a", 3L } } } } }, { "list", new List<object?> { 3L, "x", null, new DltObject { { "k", 1L } } } } },
            new() { { "dup", 1L }, { "a", null }, { "dup", 2L } },
            new() { { "bytes", new byte[] { 1, 2, 255 } }, { "big", new System.Numerics.BigInteger(ulong.MaxValue) * 7 }, { "neg", -0.0 } },
        };
        foreach (var o in samples)
            Assert.Equal(RowIds.Digest(TypedJson.ToPlainJson(Sorted(o))), RowIds.ObjectHash(o));
    }

    [Fact]
    public void ChildIdIsTheDigestOfParentTableAndPosition()
    {
        var expected = new byte[10];
        Shake128.HashData("AbCdEfGhIjKlMn_orders__lines_3"u8, expected);
        Assert.Equal(Convert.ToBase64String(expected)[..14], RowIds.Child("AbCdEfGhIjKlMn", "orders__lines", 3));
        Assert.Equal(RowIds.Digest("AbCdEfGhIjKlMn_orders__lines_3"), RowIds.Child("AbCdEfGhIjKlMn", "orders__lines", 3));
    }
}

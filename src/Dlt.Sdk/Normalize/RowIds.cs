using System.Security.Cryptography;
using System.Text;

namespace DltNet.Normalize;

/// <summary>dlt's row keys (spec 2.5): random root ids, deterministic child ids, key and content hashes.</summary>
internal static class RowIds
{
    /// <summary>10 random bytes, base64 without padding (14 characters).</summary>
    public static string Random()
    {
        var pool = _pool ??= new RandomPool();
        return Base64NoPadding(pool.Next10());
    }

    /// <summary>A random root id written as its 14 ASCII characters into <paramref name="destination"/> (no string).</summary>
    public static void RandomInto(Span<byte> destination)
    {
        var pool = _pool ??= new RandomPool();
        Base64NoPaddingInto(pool.Next10(), destination);
    }

    /// <summary>Base64 of 10 bytes without the padding, as 14 ASCII bytes into <paramref name="destination"/>.</summary>
    private static void Base64NoPaddingInto(ReadOnlySpan<byte> tenBytes, Span<byte> destination)
    {
        Span<byte> encoded = stackalloc byte[16];
        System.Buffers.Text.Base64.EncodeToUtf8(tenBytes, encoded, out _, out _);
        encoded[..IdLength].CopyTo(destination);
    }

    /// <summary>Characters of a random root id.</summary>
    public const int IdLength = 14;

    [ThreadStatic] private static RandomPool? _pool;

    /// <summary>
    /// Cryptographically strong random bytes in bulk: AES-256 in counter mode keyed from the OS generator (a CTR-DRBG),
    /// re-keyed every 64 MB. The OS generator itself ran at ~15 MB/s here and cost more than the rest of a typed row.
    /// </summary>
    private sealed class RandomPool
    {
        private const int PoolSize = 1 << 16;
        private const int RekeyAfterPools = 1024;
        private readonly byte[] _counters = new byte[PoolSize];
        private readonly byte[] _pool = new byte[PoolSize];
        private readonly Aes _aes = Aes.Create();
        private int _offset = PoolSize;
        private int _pools = RekeyAfterPools;
        private ulong _counter;

        public ReadOnlySpan<byte> Next10()
        {
            if (_offset + 10 > PoolSize) Refill();
            var bytes = _pool.AsSpan(_offset, 10);
            _offset += 10;
            return bytes;
        }

        private void Refill()
        {
            if (_pools++ >= RekeyAfterPools)
            {
                _aes.Key = RandomNumberGenerator.GetBytes(32);
                RandomNumberGenerator.Fill(_counters);
                _pools = 0;
            }
            // distinct 128-bit blocks: random bytes from the last re-key with a running counter in the first 8 bytes
            var blocks = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(_counters.AsSpan());
            for (var i = 0; i < blocks.Length; i += 2) blocks[i] = ++_counter;
            _aes.EncryptEcb(_counters, _pool, PaddingMode.None);
            _offset = 0;
        }
    }

    /// <summary>Base64 of 10 bytes without the padding, in one string allocation.</summary>
    private static string Base64NoPadding(ReadOnlySpan<byte> tenBytes)
    {
        Span<char> chars = stackalloc char[16];
        Convert.TryToBase64Chars(tenBytes, chars, out _);
        return new string(chars[..14]);
    }

    /// <summary><c>digest128(text, 10)</c>: shake_128 of UTF-8, 10 bytes, base64 without padding.</summary>
    public static string Digest(string text)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var len = Encoding.UTF8.GetBytes(text, buffer);
        return DigestUtf8(buffer[..len]);
    }

    /// <summary>Id of a nested row: hash of parent id, table name and list position (UTF-8 of <c>{parent}_{table}_{index}</c>, built without a string).</summary>
    public static string Child(string parentRowId, string tableName, int listIndex)
    {
        Span<byte> id = stackalloc byte[IdLength];
        ChildInto(parentRowId, tableName, listIndex, id);
        return System.Text.Encoding.ASCII.GetString(id);
    }

    /// <summary><see cref="Child"/> written as its 14 ASCII characters into <paramref name="destination"/> (no string).</summary>
    public static void ChildInto(string parentRowId, string tableName, int listIndex, Span<byte> destination)
    {
        var max = Encoding.UTF8.GetMaxByteCount(parentRowId.Length + tableName.Length) + 13;
        var scratch = max <= 256 ? stackalloc byte[2 * max] : new byte[2 * max];
        var parentLength = Encoding.UTF8.GetBytes(parentRowId, scratch);
        var tableLength = Encoding.UTF8.GetBytes(tableName, scratch[parentLength..]);
        var message = scratch[max..];
        var length = ChildMessage(scratch[..parentLength], scratch.Slice(parentLength, tableLength), listIndex, message);
        Span<byte> digest = stackalloc byte[10];
        Shake128Managed.HashData(message[..length], digest);
        Base64NoPaddingInto(digest, destination);
    }

    /// <summary>
    /// <see cref="ChildInto"/> for rows 0 to <paramref name="count"/> - 1 of a nested table, from each row's parent id
    /// (UTF-8, row r ending at <c>parentEnds[r]</c>, as in <see cref="Storage.ParquetJobWriter.Utf8Text"/>) and list
    /// position: row r's 14 id bytes go to <paramref name="destination"/> at r * <see cref="IdLength"/>. Four rows are
    /// hashed at once (<see cref="Shake128Managed.HashFourShort"/>); the bytes are the same as one by one.
    /// </summary>
    public static void ChildIdsInto(byte[] parentUtf8, int[] parentEnds, string tableName, long?[] listIndexes, int count, Span<byte> destination)
    {
        var table = Encoding.UTF8.GetBytes(tableName);
        var ids = new FourAtATime(stackalloc byte[FourAtATime.ScratchBytes], stackalloc int[8], destination);
        for (var row = 0; row < count; row++)
        {
            var parent = Storage.ParquetJobWriter.Utf8Value(parentUtf8, parentEnds, row);
            var listIndex = checked((int)listIndexes[row]!.Value);
            var length = ChildMessage(parent, table, listIndex, ids.NextMessage);
            if (length < 0)
            {
                // a message longer than one block (a very long parent id or table name) is hashed on its own
                ChildInto(Encoding.UTF8.GetString(parent), tableName, listIndex, destination.Slice(row * IdLength, IdLength));
                continue;
            }
            ids.Add(row, length);
        }
        ids.Flush();
    }

    /// <summary>
    /// <see cref="Child"/> of list positions 0 to <c>ids.Length</c> - 1 under one parent into <paramref name="ids"/>,
    /// four at a time (<see cref="Shake128Managed.HashFourShort"/>; one call for four costs less than one id alone): the
    /// same strings as one by one. The dynamic normalizer asks for a whole list's ids before it writes the list's rows.
    /// </summary>
    public static void ChildIdsOfList(string parentRowId, string tableName, Span<string> ids)
    {
        const int slot = Shake128Managed.MaxShortMessage;
        Span<byte> names = stackalloc byte[2 * slot];
        if (Encoding.UTF8.GetByteCount(parentRowId) > slot || Encoding.UTF8.GetByteCount(tableName) > slot)
        {
            // a parent id or table name this long makes messages longer than one block: one by one
            for (var i = 0; i < ids.Length; i++) ids[i] = Child(parentRowId, tableName, i);
            return;
        }
        var parent = names[..Encoding.UTF8.GetBytes(parentRowId, names)];
        var table = names.Slice(slot, Encoding.UTF8.GetBytes(tableName, names[slot..]));
        // four positions at a time: their ids go to idBytes (row i of the group at i * IdLength), then become strings
        Span<byte> idBytes = stackalloc byte[4 * IdLength];
        var group = new FourAtATime(stackalloc byte[FourAtATime.ScratchBytes], stackalloc int[8], idBytes);
        for (var first = 0; first < ids.Length; first += 4)
        {
            var count = Math.Min(4, ids.Length - first);
            var hashed = 0;
            for (var i = 0; i < count; i++)
            {
                var length = ChildMessage(parent, table, first + i, group.NextMessage);
                if (length < 0) ids[first + i] = Child(parentRowId, tableName, first + i); // longer than one block
                else
                {
                    group.Add(i, length);
                    hashed |= 1 << i;
                }
            }
            group.Flush();
            for (var i = 0; i < count; i++)
                if ((hashed & (1 << i)) != 0) ids[first + i] = Encoding.ASCII.GetString(idBytes.Slice(i * IdLength, IdLength));
        }
    }

    /// <summary>
    /// <see cref="ObjectHash"/> of the primary key of rows 0 to <paramref name="count"/> - 1, from the key's columns
    /// (bigint as <c>long?[]</c>, bool as <c>bool?[]</c>, text as UTF-8 runs of <see cref="Storage.ParquetJobWriter.Utf8Text"/>;
    /// no value null): row r's 14 id bytes go to <paramref name="destination"/> at r * <see cref="IdLength"/>. Each row's
    /// JSON is written as <see cref="ObjectHash"/> writes it (names in ordinal order, the plain writer's escaping), without
    /// boxing a value, and four rows are hashed at once; the bytes are the same as one by one.
    /// </summary>
    public static void KeyHashIdsInto(IReadOnlyList<Storage.ParquetJobWriter.JobColumn> keys, int count, Span<byte> destination)
    {
        var ordered = keys.OrderBy(k => k.Name, StringComparer.Ordinal).ToArray();
        var names = new System.Text.Json.JsonEncodedText[ordered.Length];
        for (var k = 0; k < ordered.Length; k++)
        {
            if (ordered[k].Kind is not (Storage.PhysicalKind.Int64 or Storage.PhysicalKind.Bool or Storage.PhysicalKind.Text) || (ordered[k].Kind == Storage.PhysicalKind.Text && ordered[k].Utf8 is null))
                throw new ArgumentException($"Key column `{ordered[k].Name}` is {ordered[k].Kind}; key hashes are made from bigint, bool and UTF-8 text columns.", nameof(keys));
            names[k] = System.Text.Json.JsonEncodedText.Encode(ordered[k].Name, TypedJson.PlainWriterOptions.Encoder);
        }
        var json = new System.Buffers.ArrayBufferWriter<byte>(256);
        using var writer = new System.Text.Json.Utf8JsonWriter(json, TypedJson.PlainWriterOptions);
        var ids = new FourAtATime(stackalloc byte[FourAtATime.ScratchBytes], stackalloc int[8], destination);
        Span<byte> digest = stackalloc byte[10];
        for (var row = 0; row < count; row++)
        {
            json.ResetWrittenCount();
            writer.Reset(json);
            writer.WriteStartObject();
            for (var k = 0; k < ordered.Length; k++)
            {
                var key = ordered[k];
                writer.WritePropertyName(names[k]);
                switch (key.Kind)
                {
                    case Storage.PhysicalKind.Int64: writer.WriteNumberValue(((long?[])key.Values)[row]!.Value); break;
                    case Storage.PhysicalKind.Bool: writer.WriteBooleanValue(((bool?[])key.Values)[row]!.Value); break;
                    default: writer.WriteStringValue(Storage.ParquetJobWriter.Utf8Value(key.Utf8!, (int[])key.Values, row)); break;
                }
            }
            writer.WriteEndObject();
            writer.Flush();
            var message = json.WrittenSpan;
            if (message.Length > Shake128Managed.MaxShortMessage)
            {
                // a key longer than one block is hashed on its own
                Shake128Managed.HashData(message, digest);
                Base64NoPaddingInto(digest, destination.Slice(row * IdLength, IdLength));
                continue;
            }
            message.CopyTo(ids.NextMessage);
            ids.Add(row, message.Length);
        }
        ids.Flush();
    }

    /// <summary>
    /// Rows' messages of at most one SHAKE128 block, hashed four at a time into their 14-byte ids in a buffer of ids
    /// (row r at r * <see cref="IdLength"/>): write a message into <see cref="NextMessage"/>, <see cref="Add"/> it, and
    /// <see cref="Flush"/> after the last.
    /// </summary>
    private ref struct FourAtATime
    {
        private const int Slot = Shake128Managed.MaxShortMessage;

        /// <summary>Bytes of the scratch buffer: four message slots and four digests.</summary>
        public const int ScratchBytes = 4 * Slot + 4 * 10;

        private readonly Span<byte> _messages;
        private readonly Span<byte> _digests;
        private readonly Span<int> _lengths;
        private readonly Span<int> _rows;
        private readonly Span<byte> _destination;
        private int _filled;

        /// <param name="scratch"><see cref="ScratchBytes"/> bytes.</param>
        /// <param name="eightInts">Lengths and rows of the queued messages.</param>
        /// <param name="destination">The ids of all rows.</param>
        public FourAtATime(Span<byte> scratch, Span<int> eightInts, Span<byte> destination)
        {
            _messages = scratch[..(4 * Slot)];
            _digests = scratch.Slice(4 * Slot, 4 * 10);
            _lengths = eightInts[..4];
            _rows = eightInts[4..8];
            _destination = destination;
        }

        /// <summary>Where the next row's message goes (one block minus the padding byte).</summary>
        public readonly Span<byte> NextMessage => _messages.Slice(_filled * Slot, Slot);

        /// <summary>Queues the message just written to <see cref="NextMessage"/> as <paramref name="row"/>'s.</summary>
        public void Add(int row, int length)
        {
            _lengths[_filled] = length;
            _rows[_filled++] = row;
            if (_filled == 4) Flush();
        }

        /// <summary>Hashes what is queued.</summary>
        public void Flush()
        {
            if (_filled == 0) return;
            // unused lanes hash an empty message, whose digest is dropped
            for (var i = _filled; i < 4; i++) _lengths[i] = 0;
            Shake128Managed.HashFourShort(_messages[.._lengths[0]], _messages.Slice(Slot, _lengths[1]), _messages.Slice(2 * Slot, _lengths[2]), _messages.Slice(3 * Slot, _lengths[3]), 10, _digests);
            for (var i = 0; i < _filled; i++) Base64NoPaddingInto(_digests.Slice(i * 10, 10), _destination.Slice(_rows[i] * IdLength, IdLength));
            _filled = 0;
        }
    }

    /// <summary>
    /// The message a nested row's id hashes, <c>{parent}_{table}_{index}</c> in UTF-8, into <paramref name="buffer"/>;
    /// its length, or -1 when it does not fit.
    /// </summary>
    private static int ChildMessage(ReadOnlySpan<byte> parentUtf8, ReadOnlySpan<byte> tableUtf8, int listIndex, Span<byte> buffer)
    {
        var len = parentUtf8.Length + tableUtf8.Length + 2;
        if (len >= buffer.Length) return -1;
        parentUtf8.CopyTo(buffer);
        buffer[parentUtf8.Length] = (byte)'_';
        tableUtf8.CopyTo(buffer[(parentUtf8.Length + 1)..]);
        buffer[len - 1] = (byte)'_';
        if (!listIndex.TryFormat(buffer[len..], out var written, default, System.Globalization.CultureInfo.InvariantCulture)) return -1;
        return len + written;
    }

    /// <summary>Hash of a JSON object with sorted keys (digest128 of its compact plain JSON).</summary>
    public static string ObjectHash(IEnumerable<KeyValuePair<string, object?>> pairs) => DigestUtf8(SortedObjectJson(pairs));

    private static ReadOnlySpan<byte> SortedObjectJson(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var o = new DltObject();
        foreach (var kv in pairs) o.Add(kv.Key, kv.Value is DltObject nested ? SortDeep(nested) : kv.Value);
        SortByKey(o);
        return TypedJson.ToPlainJsonUtf8(o);
    }

    /// <summary>digest128 of UTF-8 bytes.</summary>
    private static string DigestUtf8(ReadOnlySpan<byte> utf8)
    {
        Span<byte> digest = stackalloc byte[10];
        Shake128Managed.HashData(utf8, digest);
        return Base64NoPadding(digest);
    }

    private static DltObject SortDeep(DltObject o)
    {
        var sorted = new DltObject(o.Count);
        foreach (var kv in o) sorted.Add(kv.Key, kv.Value is DltObject n ? SortDeep(n) : kv.Value);
        SortByKey(sorted);
        return sorted;
    }

    /// <summary>Stable ordinal sort by key (insertion sort: objects hashed per row have few keys; equal keys keep their order).</summary>
    private static void SortByKey(DltObject o)
    {
        for (var i = 1; i < o.Count; i++)
        {
            var item = o[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(o[j].Key, item.Key) > 0)
            {
                o[j + 1] = o[j];
                j--;
            }
            o[j + 1] = item;
        }
    }
}

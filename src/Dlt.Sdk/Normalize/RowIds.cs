using System.Security.Cryptography;
using System.Text;

namespace DltNet.Normalize;

/// <summary>dlt's row keys (spec 2.5): random root ids, deterministic child ids, key and content hashes.</summary>
internal static class RowIds
{
    /// <summary>10 random bytes, base64 without padding (14 characters).</summary>
    public static string Random()
    {
        // one call to the OS generator per 409 ids: the per-call cost dominated row id generation
        var pool = _pool ??= new byte[4096];
        if (_poolOffset + 10 > pool.Length || _poolOffset == 0)
        {
            RandomNumberGenerator.Fill(pool);
            _poolOffset = 0;
        }
        var bytes = pool.AsSpan(_poolOffset, 10);
        _poolOffset += 10;
        if (_poolOffset + 10 > pool.Length) _poolOffset = 0;
        return Convert.ToBase64String(bytes).TrimEnd('=');
    }

    [ThreadStatic] private static byte[]? _pool;
    [ThreadStatic] private static int _poolOffset;

    /// <summary><c>digest128(text, 10)</c>: shake_128 of UTF-8, 10 bytes, base64 without padding.</summary>
    public static string Digest(string text)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var len = Encoding.UTF8.GetBytes(text, buffer);
        Span<byte> digest = stackalloc byte[10];
        Shake128.HashData(buffer[..len], digest);
        return Convert.ToBase64String(digest).TrimEnd('=');
    }

    /// <summary>Id of a nested row: hash of parent id, table name and list position.</summary>
    public static string Child(string parentRowId, string tableName, int listIndex) =>
        Digest(string.Concat(parentRowId, "_", tableName, "_", listIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Hash of a JSON object with sorted keys.</summary>
    public static string ObjectHash(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var o = new DltObject();
        foreach (var kv in pairs.OrderBy(p => p.Key, StringComparer.Ordinal)) o.Add(kv.Key, kv.Value is DltObject nested ? SortDeep(nested) : kv.Value);
        return Digest(TypedJson.ToPlainJson(o));
    }

    private static DltObject SortDeep(DltObject o)
    {
        var sorted = new DltObject(o.Count);
        foreach (var kv in o.OrderBy(p => p.Key, StringComparer.Ordinal)) sorted.Add(kv.Key, kv.Value is DltObject n ? SortDeep(n) : kv.Value);
        return sorted;
    }
}

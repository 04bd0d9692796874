using System.Text.Json;
using System.Text.Json.Nodes;

namespace DltNet.Common;

/// <summary>Compact JSON with object keys in ordinal order: the canonical text that schema and state hashes are computed over.</summary>
internal static class SortedJson
{
    public static byte[] ToUtf8Bytes(JsonNode? node)
    {
        var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms)) Write(w, node);
        return ms.ToArray();
    }

    public static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(k);
                    Write(w, v);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var v in a) Write(w, v);
                w.WriteEndArray();
                break;
            case null: w.WriteNullValue(); break;
            default: node.WriteTo(w); break;
        }
    }
}

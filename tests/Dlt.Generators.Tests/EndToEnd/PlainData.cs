using System.Collections;
using System.Reflection;

namespace DltNet.Generators.Tests.EndToEnd;

/// <summary>
/// Turns records into the plain dictionaries and lists a user of the dynamic path would pass (same keys, same CLR values),
/// written independently of the generator with reflection.
/// </summary>
internal static class PlainData
{
    public static object? From(object? value)
    {
        switch (value)
        {
            case null: return null;
            case string or byte[] or Enum or Guid or DateOnly or DateTimeOffset or decimal: return value;
            case IDictionary<string, object?> dict: return dict.ToDictionary(kv => kv.Key, kv => From(kv.Value));
            // arrays, not List<object?>: the runtime takes a List<object?> as already converted
            case IEnumerable items: return items.Cast<object?>().Select(From).ToArray();
        }
        var type = value.GetType();
        if (type.IsPrimitive) return value;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            result[p.Name] = From(p.GetValue(value));
        return result;
    }

    public static object?[] Rows<T>(IEnumerable<T> rows) => rows.Select(r => From(r)).ToArray();
}

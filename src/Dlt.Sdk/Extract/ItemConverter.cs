using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Normalize;

namespace DltNet.Extract;

/// <summary>
/// Converts user data (dictionaries, JSON nodes and elements, scalars, records) into the normalizer's value model.
/// Typed rows from generated writers register an <see cref="IDltRowConverter"/> and never reach reflection;
/// other objects use a reflection fallback that the trimmer removes when <see cref="ReflectionFallback.IsSupported"/> is off.
/// </summary>
public static class ItemConverter
{
    private static readonly Dictionary<Type, IDltRowConverter> Converters = new();
    private static readonly Lock ConvertersLock = new();

    /// <summary>Registers a converter for a row type (called by generated code).</summary>
    public static void Register(Type type, IDltRowConverter converter)
    {
        lock (ConvertersLock) Converters[type] = converter;
    }

    internal static bool TryGetConverter(Type type, [NotNullWhen(true)] out IDltRowConverter? converter)
    {
        lock (ConvertersLock) return Converters.TryGetValue(type, out converter);
    }

    private const int MaxDepth = 64;

    /// <summary>Converts any supported value. <paramref name="path"/> names the position for error messages.</summary>
    public static object? ToValue(object? value, string path = "$") => ToValue(value, (string?)path, 0);

    /// <summary>
    /// Converts with the position of the value; a null <paramref name="path"/> builds no path strings (the hot path) —
    /// callers that catch the error convert again with a path, so the message names the exact position.
    /// </summary>
    internal static object? ToValue(object? value, string? path, int depth)
    {
        if (depth > MaxDepth)
            throw new DltDataException($"The value at {path} is nested more than {MaxDepth} levels deep (a cyclic object graph?). Break the cycle or mark the member with [DltIgnore].");
        switch (value)
        {
            case null: return null;
            case string or bool or long or double or decimal or DateTimeOffset or DateOnly or TimeOnly or byte[]: return value;
            case DltObject d:
            {
                // copied only when a value changes (parsed JSON lines already are the value model): no copy per item
                DltObject? copy = null;
                for (var i = 0; i < d.Count; i++)
                {
                    var (k, v) = d[i];
                    var c = ToValue(v, path is null ? null : path + "." + k, depth + 1);
                    if (copy is null && ReferenceEquals(c, v)) continue;
                    if (copy is null)
                    {
                        copy = new DltObject(d.Count);
                        for (var j = 0; j < i; j++) copy.Add(d[j]);
                    }
                    copy.Add(k, c);
                }
                return copy ?? d;
            }
            case List<object?> l:
            {
                // a caller's list may hold dictionaries, records or JSON nodes: convert every element (copied only on change)
                List<object?>? converted = null;
                for (var i = 0; i < l.Count; i++)
                {
                    var c = ToValue(l[i], path is null ? null : $"{path}[{i}]", depth + 1);
                    if (converted is null && ReferenceEquals(c, l[i])) continue;
                    if (converted is null)
                    {
                        converted = new List<object?>(l.Count);
                        for (var j = 0; j < i; j++) converted.Add(l[j]);
                    }
                    converted.Add(c);
                }
                return converted ?? l;
            }
            case int i: return (long)i;
            case short s: return (long)s;
            case sbyte sb: return (long)sb;
            case byte b: return (long)b;
            case ushort us: return (long)us;
            case uint ui: return (long)ui;
            case ulong ul: return ul <= long.MaxValue ? (long)ul : (object)new BigInteger(ul);
            case BigInteger bi: return bi >= long.MinValue && bi <= long.MaxValue ? (long)bi : (object)bi;
            case Int128 i128: return i128 >= long.MinValue && i128 <= long.MaxValue ? (long)i128 : (object)(BigInteger)i128;
            case float f: return double.Parse(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
            case Half h: return (double)h;
            case char c: return c.ToString();
            case DateTime dt:
                return dt.Kind switch
                {
                    DateTimeKind.Utc => new DateTimeOffset(dt),
                    DateTimeKind.Local => new DateTimeOffset(dt).ToUniversalTime(),
                    _ => dt,
                };
            case TimeSpan ts: return ts >= TimeSpan.Zero && ts < TimeSpan.FromDays(1) ? TimeOnly.FromTimeSpan(ts) : (object)ts.ToString("c");
            case Guid g: return g.ToString();
            case Uri u: return u.ToString();
            case Enum e: return e.ToString();
            case ReadOnlyMemory<byte> rom: return rom.ToArray();
            case Memory<byte> mem: return mem.ToArray();
            case Delegate or Type or System.Reflection.MemberInfo or Stream or Task or IntPtr or UIntPtr or System.Threading.CancellationToken:
                throw new DltDataException($"The value at {path} has type {value.GetType().FullName}, which cannot be stored. Store data values (numbers, text, dates, bytes, dictionaries, lists, records), or mark the member with [DltIgnore].");
            case JsonElement je: return FromJsonElement(je);
            case JsonNode jn: return FromJsonNode(jn);
            case IDictionary<string, object?> dict:
                var o = new DltObject(dict.Count);
                foreach (var (k, v) in dict) o.Add(k, ToValue(v, path is null ? null : path + "." + k, depth + 1));
                return o;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var po = new DltObject();
                foreach (var (k, v) in pairs) po.Add(k, ToValue(v, path is null ? null : path + "." + k, depth + 1));
                return po;
            case IDictionary nonGeneric:
                var no = new DltObject(nonGeneric.Count);
                foreach (DictionaryEntry entry in nonGeneric)
                {
                    var key = entry.Key as string ?? Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)
                        ?? throw new DltDataException($"A dictionary key at {path} is null.");
                    no.Add(key, ToValue(entry.Value, path is null ? null : path + "." + key, depth + 1));
                }
                return no;
            case IEnumerable seq:
                var list = new List<object?>();
                var idx = 0;
                foreach (var v in seq) { list.Add(ToValue(v, path is null ? null : $"{path}[{idx}]", depth + 1)); idx++; }
                return list;
        }

        var type = value.GetType();
        if (TryGetConverter(type, out var converter)) return converter.ToObject(value);
        if (ReflectionFallback.IsSupported) return ReflectionFallback.ToObject(value, path, depth);
        throw new DltDataException(
            $"Cannot convert a value of type {type.FullName} at {path}: it is not a dictionary, JSON node, scalar or collection, and the reflection fallback is off (NativeAOT / trimming). " +
            "Mark the type with [DltTable] or return it from a [DltResource] method so the source generator writes a converter for it.");
    }

    /// <summary>Converts a <see cref="JsonElement"/>; integers stay integers, numbers with fraction or exponent become doubles.</summary>
    public static object? FromJsonElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined: return null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                if (raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0) return e.GetDouble();
                return e.TryGetInt64(out var l) ? l : (object)BigInteger.Parse(raw, System.Globalization.CultureInfo.InvariantCulture);
            case JsonValueKind.Object:
                var o = new DltObject();
                foreach (var p in e.EnumerateObject()) o.Add(p.Name, FromJsonElement(p.Value));
                return o;
            case JsonValueKind.Array:
                var list = new List<object?>(e.GetArrayLength());
                foreach (var v in e.EnumerateArray()) list.Add(FromJsonElement(v));
                return list;
            default: return null;
        }
    }

    /// <summary>Converts a <see cref="JsonNode"/> tree.</summary>
    public static object? FromJsonNode(JsonNode? node)
    {
        switch (node)
        {
            case null: return null;
            case JsonObject o:
                var obj = new DltObject(o.Count);
                foreach (var (k, v) in o) obj.Add(k, FromJsonNode(v));
                return obj;
            case JsonArray a:
                var list = new List<object?>(a.Count);
                foreach (var v in a) list.Add(FromJsonNode(v));
                return list;
            case JsonValue v:
                if (v.TryGetValue<JsonElement>(out var je)) return FromJsonElement(je);
                if (v.TryGetValue<string>(out var s)) return s;
                if (v.TryGetValue<bool>(out var b)) return b;
                if (v.TryGetValue<long>(out var l)) return l;
                if (v.TryGetValue<int>(out var i)) return (long)i;
                if (v.TryGetValue<double>(out var d)) return d;
                if (v.TryGetValue<decimal>(out var m)) return m;
                if (v.TryGetValue<DateTimeOffset>(out var dto)) return dto;
                if (v.TryGetValue<DateTime>(out var dt)) return ToValue(dt);
                if (v.TryGetValue<Guid>(out var g)) return g.ToString();
                return FromJsonElement(JsonDocument.Parse(v.ToJsonString()).RootElement);
            default: return null;
        }
    }
}

/// <summary>Converts one typed row into the value model without reflection (implemented by generated code).</summary>
public interface IDltRowConverter
{
    /// <summary>Converts the row.</summary>
    DltObject ToObject(object row);
}

/// <summary>Reflection-based conversion of plain objects, for code that is not trimmed or AOT-compiled.</summary>
public static class ReflectionFallback
{
    /// <summary>
    /// Whether plain objects without a generated converter may be read with reflection.
    /// On by default; off when the app is trimmed or published with NativeAOT (feature switch <c>DltNet.ReflectionFallback.IsSupported</c>).
    /// </summary>
    [FeatureSwitchDefinition("DltNet.ReflectionFallback.IsSupported")]
    [FeatureGuard(typeof(RequiresUnreferencedCodeAttribute))]
    [UnconditionalSuppressMessage("Trimming", "IL4000", Justification = "The trimmer substitutes this feature switch; trimmed and AOT apps set it to false (see build/Dlt.Sdk.targets).")]
    public static bool IsSupported =>
        !AppContext.TryGetSwitch("DltNet.ReflectionFallback.IsSupported", out var enabled) || enabled;

    /// <summary>Reads public instance properties and fields of an object into the value model.</summary>
    [RequiresUnreferencedCode("Reads the public properties of arbitrary types with reflection; use [DltTable]/[DltResource] types for trimmed or AOT apps.")]
    public static DltObject ToObject(object value, string path) => ToObject(value, (string?)path, 0);

    [RequiresUnreferencedCode("Reads the public properties of arbitrary types with reflection; use [DltTable]/[DltResource] types for trimmed or AOT apps.")]
    internal static DltObject ToObject(object value, string? path, int depth)
    {
        var type = value.GetType();
        var o = new DltObject();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || !p.CanRead) continue;
            if (p.GetCustomAttribute<Attributes.DltIgnoreAttribute>() is not null) continue;
            var name = p.GetCustomAttribute<Attributes.DltColumnAttribute>()?.Name ?? p.Name;
            o.Add(name, ItemConverter.ToValue(p.GetValue(value), path is null ? null : path + "." + p.Name, depth + 1));
        }
        foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (f.GetCustomAttribute<Attributes.DltIgnoreAttribute>() is not null) continue;
            var name = f.GetCustomAttribute<Attributes.DltColumnAttribute>()?.Name ?? f.Name;
            o.Add(name, ItemConverter.ToValue(f.GetValue(value), path is null ? null : path + "." + f.Name, depth + 1));
        }
        return o;
    }
}

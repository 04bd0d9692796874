using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using DltNet.Schema;

namespace DltNet.Normalize;

/// <summary>
/// dlt's typed JSON: plain JSON where values JSON cannot express (decimal, datetime, date, time, bytes, big integers)
/// are strings prefixed with a Private Use Area marker (U+F026 + type index), exactly like
/// <c>dlt/common/json</c>. Used for extracted items and for the state document, so Python dlt reads them.
/// Numbers without fraction or exponent are integers, the rest doubles (as Python's json does).
/// </summary>
public static class TypedJson
{
    internal const char Decimal = '\uF026';
    internal const char DateTimeMarker = '\uF027';
    internal const char Date = '\uF028';
    internal const char Uuid = '\uF029';
    internal const char HexBytes = '\uF02A';
    internal const char B64Bytes = '\uF02B';
    internal const char Wei = '\uF02C';
    internal const char Time = '\uF02D';

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes a value of the value model as typed JSON.</summary>
    public static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case double d: WriteDouble(w, d); break;
            case decimal m: w.WriteStringValue(Decimal + m.ToString(Inv)); break;
            case BigInteger bi: w.WriteStringValue(Wei + bi.ToString(Inv)); break;
            case DateTimeOffset dto: w.WriteStringValue(DateTimeMarker + TypeCoercion.FormatIso(dto)); break;
            case DateTime dt: w.WriteStringValue(DateTimeMarker + dt.ToString(dt.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ss" : "yyyy-MM-ddTHH:mm:ss.ffffff", Inv)); break;
            case DateOnly dOnly: w.WriteStringValue(Date + dOnly.ToString("yyyy-MM-dd", Inv)); break;
            case TimeOnly t: w.WriteStringValue(Time + TypeCoercion.FormatTime(t)); break;
            case byte[] bytes: w.WriteStringValue(B64Bytes + Convert.ToBase64String(bytes)); break;
            case DltObject o:
                w.WriteStartObject();
                foreach (var (k, v) in o)
                {
                    w.WritePropertyName(k);
                    Write(w, v);
                }
                w.WriteEndObject();
                break;
            case List<object?> list:
                w.WriteStartArray();
                foreach (var v in list) Write(w, v);
                w.WriteEndArray();
                break;
            default: throw new ArgumentException($"Value of type {value.GetType().Name} is not part of the normalizer's value model.");
        }
    }

    private static void WriteDouble(Utf8JsonWriter w, double d)
    {
        if (double.IsFinite(d))
        {
            // keep the float-ness visible in the text: 3.0 must not come back as the integer 3
            var text = d.ToString("R", Inv);
            if (text.Contains('E') || text.Contains('.')) w.WriteRawValue(text.Replace("E", "e"));
            else w.WriteRawValue(text + ".0");
        }
        else
        {
            w.WriteRawValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity", skipInputValidation: true);
        }
    }

    /// <summary>Reads one typed JSON value (the reader is positioned on its first token).</summary>
    public static object? Read(ref Utf8JsonReader r, bool decodeTyped = true)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.True: return BoxedTrue;
            case JsonTokenType.False: return BoxedFalse;
            case JsonTokenType.String:
                var s = r.GetString()!;
                return decodeTyped ? DecodeString(s) : s;
            case JsonTokenType.Number: return ReadNumber(ref r);
            case JsonTokenType.StartObject:
                var o = new DltObject(8);
                while (r.Read() && r.TokenType != JsonTokenType.EndObject)
                {
                    var key = PropertyName(ref r);
                    r.Read();
                    o.Add(key, Read(ref r, decodeTyped));
                }
                return o;
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (r.Read() && r.TokenType != JsonTokenType.EndArray) list.Add(Read(ref r, decodeTyped));
                return list;
            default: throw new JsonException($"Unexpected JSON token {r.TokenType}.");
        }
    }

    // one boxed instance each instead of a new box per JSON boolean
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    [ThreadStatic] private static string?[]? _keyCache;

    /// <summary>Property names repeat on every line: reuse the string of an earlier identical name instead of allocating.</summary>
    private static string PropertyName(ref Utf8JsonReader r)
    {
        if (r.ValueIsEscaped || r.HasValueSequence) return r.GetString()!;
        var span = r.ValueSpan;
        var cache = _keyCache ??= new string?[512];
        var hash = 2166136261u;
        foreach (var b in span) hash = (hash ^ b) * 16777619u;
        var slot = (int)(hash & 511);
        var cached = cache[slot];
        if (cached is not null && r.ValueTextEquals(cached)) return cached;
        var key = r.GetString()!;
        cache[slot] = key;
        return key;
    }

    private static object ReadNumber(ref Utf8JsonReader r)
    {
        // no copy of the number's text: look at it in place (a value sequence only happens with segmented input)
        ReadOnlySpan<byte> span = r.HasValueSequence ? r.ValueSequence.ToArray() : r.ValueSpan;
        var isFloat = span.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0;
        if (!isFloat)
        {
            if (r.TryGetInt64(out var l)) return l;
            return BigInteger.Parse(Encoding.ASCII.GetString(span), Inv);
        }
        return r.GetDouble();
    }

    /// <summary>Decodes a PUA-prefixed string into its typed value (other strings are returned as they are).</summary>
    public static object DecodeString(string s)
    {
        if (s.Length == 0 || s[0] < Decimal || s[0] > Time) return s;
        var body = s[1..];
        try
        {
            return s[0] switch
            {
                Decimal => decimal.Parse(body, NumberStyles.Float, Inv),
                DateTimeMarker => ParseDateTime(body),
                Date => DateOnly.ParseExact(body, "yyyy-MM-dd", Inv),
                Uuid => body,
                HexBytes => Convert.FromHexString(body.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? body[2..] : body),
                B64Bytes => Convert.FromBase64String(body),
                Wei => BigInteger.Parse(body, Inv),
                Time => TimeOnly.Parse(body, Inv),
                _ => s,
            };
        }
        catch (FormatException)
        {
            return s;
        }
    }

    private static object ParseDateTime(string body)
    {
        // fast path for the canonical form this library writes: yyyy-MM-ddTHH:mm:ss[.ffffff](+00:00|Z)
        if (TryParseCanonical(body, out var canonical)) return canonical;
        if (TypeCoercion.TryParseIsoTimestamp(body, out var dto))
        {
            var hasOffset = body.EndsWith('Z') || body.Length > 6 && (body[^6] is '+' or '-') && body[^3] == ':';
            return hasOffset ? dto : DateTime.SpecifyKind(dto.UtcDateTime, DateTimeKind.Unspecified);
        }
        return DateTimeOffset.Parse(body, Inv).ToUniversalTime();
    }

    private static bool TryParseCanonical(string s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        static int D(char c) => c - '0';
        static bool Digits(string s, int from, int count)
        {
            for (var i = from; i < from + count; i++) if ((uint)(s[i] - '0') > 9) return false;
            return true;
        }
        if (!Digits(s, 0, 4) || !Digits(s, 5, 2) || !Digits(s, 8, 2) || !Digits(s, 11, 2) || !Digits(s, 14, 2) || !Digits(s, 17, 2)) return false;
        var pos = 19;
        long fractionTicks = 0;
        if (s[pos] == '.')
        {
            var digits = 0;
            pos++;
            while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
            {
                if (digits < 7) fractionTicks = fractionTicks * 10 + D(s[pos]);
                digits++;
                pos++;
            }
            if (digits == 0) return false;
            for (var i = Math.Min(digits, 7); i < 7; i++) fractionTicks *= 10;
        }
        var rest = s.AsSpan(pos);
        if (!(rest.SequenceEqual("+00:00") || rest.SequenceEqual("Z"))) return false;
        try
        {
            var dt = new DateTime(D(s[0]) * 1000 + D(s[1]) * 100 + D(s[2]) * 10 + D(s[3]), D(s[5]) * 10 + D(s[6]), D(s[8]) * 10 + D(s[9]),
                D(s[11]) * 10 + D(s[12]), D(s[14]) * 10 + D(s[15]), D(s[17]) * 10 + D(s[18]), DateTimeKind.Utc);
            value = new DateTimeOffset(dt.AddTicks(fractionTicks));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Parses plain JSON text into the value model (used by json coercion and the JSON input path).</summary>
    public static object? ParseValue(string json) => ParseValue(Encoding.UTF8.GetBytes(json));

    /// <summary>Parses plain JSON text (UTF-8) into the value model.</summary>
    public static object? ParseValue(ReadOnlySpan<byte> utf8)
    {
        var r = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = false });
        if (!r.Read()) throw new FormatException("Empty JSON text.");
        var v = Read(ref r, decodeTyped: false);
        if (r.Read()) throw new FormatException("Trailing characters after a JSON value.");
        return v;
    }

    /// <summary>
    /// Options of the plain JSON writer: compact, and only what JSON requires escaped (quotes, backslash, control
    /// characters). Row hashes (<see cref="RowIds.ObjectHash"/> and its batched form) depend on these exact bytes.
    /// </summary>
    internal static readonly JsonWriterOptions PlainWriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic] private static ArrayBufferWriter<byte>? _plainBuffer;
    [ThreadStatic] private static Utf8JsonWriter? _plainWriter;

    /// <summary>
    /// The UTF-8 bytes of <see cref="ToPlainJson"/> in a buffer reused by the calling thread (valid until its next call):
    /// row hashes need the bytes, not a string, once per row.
    /// </summary>
    internal static ReadOnlySpan<byte> ToPlainJsonUtf8(object? value)
    {
        var buffer = _plainBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var w = _plainWriter ??= new Utf8JsonWriter(buffer, PlainWriterOptions);
        w.Reset(buffer);
        WritePlain(w, value);
        w.Flush();
        return buffer.WrittenSpan;
    }

    /// <summary>Plain (untyped) compact JSON of a value, as stored in <c>json</c> columns.</summary>
    public static string ToPlainJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, PlainWriterOptions))
            WritePlain(w, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WritePlain(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case DltObject o:
                w.WriteStartObject();
                foreach (var (k, v) in o)
                {
                    w.WritePropertyName(k);
                    WritePlain(w, v);
                }
                w.WriteEndObject();
                break;
            case List<object?> list:
                w.WriteStartArray();
                foreach (var v in list) WritePlain(w, v);
                w.WriteEndArray();
                break;
            case decimal m: w.WriteStringValue(m.ToString(Inv)); break;
            case BigInteger bi: w.WriteRawValue(bi.ToString(Inv)); break;
            case DateTimeOffset dto: w.WriteStringValue(TypeCoercion.FormatIso(dto)); break;
            case DateTime dt: w.WriteStringValue(dt.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFF", Inv)); break;
            case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", Inv)); break;
            case TimeOnly t: w.WriteStringValue(TypeCoercion.FormatTime(t)); break;
            case byte[] b: w.WriteStringValue(Convert.ToBase64String(b)); break;
            default: Write(w, value); break;
        }
    }
}

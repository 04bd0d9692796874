using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using DltNet.Normalize;

namespace DltNet.Schema;

/// <summary>
/// dlt's type inference, autodetection and coercion rules (spec 3.2–3.3), in one place.
/// Values arriving here use the normalizer's value model: <c>string, bool, long, BigInteger, double, decimal,
/// DateTimeOffset, DateTime (naive), DateOnly, TimeOnly, byte[], DltObject, List&lt;object?&gt;</c>.
/// Coerced values use the storage representation of their column type:
/// text → string, bigint → long, double → double, bool → bool, timestamp → DateTimeOffset (UTC) or DateTime (timezone=false),
/// date → DateOnly, time → TimeOnly, decimal → decimal, wei → BigInteger, binary → byte[], json → string (compact JSON).
/// </summary>
public static partial class TypeCoercion
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The dlt type of a value by its CLR type alone (Python's <c>py_type_to_sc_type</c>).</summary>
    public static DltDataType? PyType(object value) => value switch
    {
        string => DltDataType.Text,
        bool => DltDataType.Bool,
        long or int or short or sbyte or byte or ushort or uint => DltDataType.Bigint,
        ulong u => u <= long.MaxValue ? DltDataType.Bigint : DltDataType.Wei,
        BigInteger b => b >= long.MinValue && b <= long.MaxValue ? DltDataType.Bigint : DltDataType.Wei,
        double or float => DltDataType.Double,
        decimal => DltDataType.Decimal,
        DateTimeOffset or DateTime => DltDataType.Timestamp,
        DateOnly => DltDataType.Date,
        TimeOnly or TimeSpan => DltDataType.Time,
        byte[] => DltDataType.Binary,
        DltObject or List<object?> => DltDataType.Json,
        _ => null,
    };

    /// <summary>Autodetected type of a value with the schema's detections (only <c>iso_timestamp</c> and <c>iso_date</c> are supported).</summary>
    public static DltDataType? Autodetect(object value, IReadOnlyList<string> detections)
    {
        if (value is not string s) return null;
        foreach (var d in detections)
        {
            if (d == "iso_timestamp" && TryParseIsoTimestamp(s, out _)) return DltDataType.Timestamp;
            if (d == "iso_date" && !TryParseIsoTimestamp(s, out _) && TryParseIsoDate(s, out _)) return DltDataType.Date;
        }
        return null;
    }

    /// <summary>Infers the type of a new column's value: autodetection first, then the CLR type.</summary>
    public static DltDataType? InferType(object value, IReadOnlyList<string> detections) =>
        Autodetect(value, detections) ?? PyType(value);

    /// <summary>
    /// Coerces <paramref name="value"/> into the storage representation of <paramref name="to"/>.
    /// Returns false when dlt would not coerce (the value then goes to a variant column).
    /// </summary>
    public static bool TryCoerce(object value, DltDataType to, out object? result, bool timezone = true)
    {
        result = null;
        // values already in their column's storage form are passed through without a new box
        switch (to)
        {
            case DltDataType.Text when value is string:
            case DltDataType.Bigint when value is long:
            case DltDataType.Double when value is double:
            case DltDataType.Bool when value is bool:
            case DltDataType.Decimal when value is decimal:
            case DltDataType.Date when value is DateOnly:
            case DltDataType.Time when value is TimeOnly:
            case DltDataType.Binary when value is byte[]:
            case DltDataType.Timestamp when timezone && value is DateTimeOffset { Offset.Ticks: 0 }:
                result = value;
                return true;
        }
        var from = PyType(value);
        if (from is null) return false;
        try
        {
            result = to switch
            {
                DltDataType.Text => ToText(value, from.Value),
                DltDataType.Bigint => ToBigint(value, from.Value),
                DltDataType.Double => ToDouble(value, from.Value),
                DltDataType.Bool => ToBool(value, from.Value),
                DltDataType.Decimal => ToDecimal(value, from.Value),
                DltDataType.Wei => ToWei(value, from.Value),
                DltDataType.Timestamp => ToTimestamp(value, from.Value, timezone),
                DltDataType.Date => ToDate(value, from.Value),
                DltDataType.Time => ToTime(value, from.Value),
                DltDataType.Binary => ToBinary(value, from.Value),
                DltDataType.Json => ToJson(value, from.Value),
                _ => null,
            };
            return result is not null;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidCastException or System.Text.Json.JsonException)
        {
            result = null;
            return false;
        }
    }

    private static string? ToText(object v, DltDataType from) => from switch
    {
        DltDataType.Text => (string)v,
        DltDataType.Json => JsonText(v),
        DltDataType.Bigint or DltDataType.Wei => Convert.ToString(v, Inv),
        DltDataType.Double => PythonFloatRepr(Convert.ToDouble(v, Inv)),
        DltDataType.Decimal => ((decimal)v).ToString(Inv),
        DltDataType.Bool => (bool)v ? "True" : "False",
        DltDataType.Binary => Convert.ToBase64String((byte[])v),
        DltDataType.Timestamp => v is DateTimeOffset dto ? FormatIso(dto) : ((DateTime)v).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFF", Inv),
        DltDataType.Date => ((DateOnly)v).ToString("yyyy-MM-dd", Inv),
        DltDataType.Time => FormatTime(v is TimeSpan ts ? TimeOnly.FromTimeSpan(ts) : (TimeOnly)v),
        _ => null,
    };

    private static object? ToBigint(object v, DltDataType from)
    {
        switch (from)
        {
            case DltDataType.Bigint: return v is BigInteger bi ? (long)bi : Convert.ToInt64(v, Inv);
            case DltDataType.Wei: return (long)(BigInteger)v;
            case DltDataType.Text:
                // TryParse: text that is not a number ends in a variant column, and exceptions per row would dominate
                var s = ((string)v).Trim();
                if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                    return long.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, Inv, out var hex) ? hex : null;
                return long.TryParse(s.Replace("_", ""), NumberStyles.AllowLeadingSign, Inv, out var parsed) ? parsed : null;
            case DltDataType.Double:
                var d = Convert.ToDouble(v, Inv);
                if (d != Math.Floor(d) || double.IsInfinity(d) || d < long.MinValue || d >= 9.2233720368547758E18) return null;
                return (long)d;
            case DltDataType.Decimal:
                var m = (decimal)v;
                return m == decimal.Truncate(m) ? (long)m : null;
            default: return null;
        }
    }

    private static object? ToDouble(object v, DltDataType from)
    {
        switch (from)
        {
            case DltDataType.Double: return Convert.ToDouble(v, Inv);
            case DltDataType.Bigint: return (double)Convert.ToInt64(v, Inv);
            case DltDataType.Wei: return (double)(BigInteger)v;
            case DltDataType.Decimal: return (double)(decimal)v;
            case DltDataType.Text:
                var s = ((string)v).Trim();
                if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                    return long.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, Inv, out var hex) ? (double)hex : null;
                if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("infinity", StringComparison.OrdinalIgnoreCase)) return double.PositiveInfinity;
                if (s.Equals("-inf", StringComparison.OrdinalIgnoreCase) || s.Equals("-infinity", StringComparison.OrdinalIgnoreCase)) return double.NegativeInfinity;
                if (s.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
                return double.TryParse(s.Replace("_", ""), NumberStyles.Float, Inv, out var parsed) ? parsed : null;
            default: return null;
        }
    }

    private static object? ToBool(object v, DltDataType from)
    {
        switch (from)
        {
            case DltDataType.Bool: return (bool)v;
            case DltDataType.Bigint: return Convert.ToInt64(v, Inv) != 0;
            case DltDataType.Double: return Convert.ToDouble(v, Inv) != 0;
            case DltDataType.Decimal: return (decimal)v != 0;
            case DltDataType.Wei: return !((BigInteger)v).IsZero;
            case DltDataType.Text:
                return ((string)v).Trim().ToLowerInvariant() switch
                {
                    "yes" or "true" or "t" or "y" or "1" => true,
                    "no" or "false" or "f" or "n" or "0" => false,
                    _ => null,
                };
            default: return null;
        }
    }

    private static object? ToDecimal(object v, DltDataType from) => from switch
    {
        DltDataType.Decimal => (decimal)v,
        DltDataType.Bigint => (decimal)Convert.ToInt64(v, Inv),
        DltDataType.Wei => (decimal)(BigInteger)v,
        DltDataType.Double => (decimal)Convert.ToDouble(v, Inv),
        DltDataType.Text => ((string)v).Trim() is var s && s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? (decimal)long.Parse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, Inv)
            : decimal.Parse(s, NumberStyles.Float, Inv),
        _ => null,
    };

    private static object? ToWei(object v, DltDataType from) => from switch
    {
        DltDataType.Wei => (BigInteger)v,
        DltDataType.Bigint => new BigInteger(Convert.ToInt64(v, Inv)),
        DltDataType.Decimal => new BigInteger((decimal)v),
        DltDataType.Double => new BigInteger(Convert.ToDouble(v, Inv)),
        DltDataType.Text => BigInteger.Parse(((string)v).Trim(), Inv),
        _ => null,
    };

    private static object? ToTimestamp(object v, DltDataType from, bool timezone)
    {
        DateTimeOffset? ts = from switch
        {
            DltDataType.Timestamp => v is DateTimeOffset dto ? dto : new DateTimeOffset(DateTime.SpecifyKind((DateTime)v, DateTimeKind.Utc)),
            DltDataType.Bigint => DateTimeOffset.UnixEpoch.AddSeconds(Convert.ToInt64(v, Inv)),
            DltDataType.Double => FromUnixSeconds(Convert.ToDouble(v, Inv)),
            DltDataType.Decimal => FromUnixSeconds((double)(decimal)v),
            DltDataType.Date => new DateTimeOffset(((DateOnly)v).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            DltDataType.Text => ParseTimestampText((string)v),
            _ => null,
        };
        if (ts is null) return null;
        var utc = ts.Value.ToUniversalTime();
        return timezone ? utc : (object)DateTime.SpecifyKind(utc.UtcDateTime, DateTimeKind.Unspecified);
    }

    private static DateTimeOffset? ParseTimestampText(string s)
    {
        var t = s.Trim();
        if (TryParseIsoTimestamp(t, out var ts)) return ts;
        if (TryParseIsoDate(t, out var d) && IsoDateFull().IsMatch(t)) return new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (double.TryParse(t, NumberStyles.Float, Inv, out var secs)) return FromUnixSeconds(secs);
        return null;
    }

    private static DateTimeOffset FromUnixSeconds(double seconds)
    {
        var micros = Math.Round(seconds * 1_000_000d);
        return DateTimeOffset.UnixEpoch.AddTicks((long)micros * 10);
    }

    private static object? ToDate(object v, DltDataType from) => from switch
    {
        DltDataType.Date => (DateOnly)v,
        DltDataType.Timestamp => DateOnly.FromDateTime(v is DateTimeOffset dto ? dto.UtcDateTime : (DateTime)v),
        DltDataType.Bigint or DltDataType.Double => DateOnly.FromDateTime(FromUnixSeconds(Convert.ToDouble(v, Inv)).UtcDateTime),
        DltDataType.Text => ParseDateText((string)v),
        _ => null,
    };

    private static DateOnly? ParseDateText(string s)
    {
        var t = s.Trim();
        if (IsoDateFull().IsMatch(t) && DateOnly.TryParseExact(t, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d)) return d;
        if (TryParseIsoTimestamp(t, out var ts)) return DateOnly.FromDateTime(ts.UtcDateTime);
        if (double.TryParse(t, NumberStyles.Float, Inv, out var secs)) return DateOnly.FromDateTime(FromUnixSeconds(secs).UtcDateTime);
        return null;
    }

    private static object? ToTime(object v, DltDataType from)
    {
        if (from == DltDataType.Time) return v is TimeSpan ts ? TimeOnly.FromTimeSpan(ts) : (TimeOnly)v;
        if (from != DltDataType.Text) return null;
        var m = IsoTime().Match(((string)v).Trim());
        if (!m.Success) return null;
        var time = new TimeOnly(int.Parse(m.Groups[1].Value, Inv), int.Parse(m.Groups[2].Value, Inv),
            m.Groups[3].Success ? int.Parse(m.Groups[3].Value, Inv) : 0);
        if (m.Groups[4].Success) time = time.Add(TimeSpan.FromTicks(FractionTicks(m.Groups[4].Value)));
        if (m.Groups[5].Success && m.Groups[5].Value != "Z")
            time = time.Add(-ParseOffset(m.Groups[5].Value));
        return time;
    }

    private static object? ToBinary(object v, DltDataType from)
    {
        switch (from)
        {
            case DltDataType.Binary: return (byte[])v;
            case DltDataType.Text:
                var s = (string)v;
                if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return Convert.FromHexString(s.AsSpan(2));
                return Convert.FromBase64String(s);
            case DltDataType.Bigint:
                var n = Convert.ToInt64(v, Inv);
                var bytes = new BigInteger(n).ToByteArray(isUnsigned: n >= 0);
                return bytes;
            default: return null;
        }
    }

    private static object? ToJson(object v, DltDataType from) => from switch
    {
        DltDataType.Json => JsonText(v),
        DltDataType.Text => JsonText(TypedJson.ParseValue((string)v)),
        _ => null,
    };

    /// <summary>Compact JSON text of a value of the value model.</summary>
    public static string JsonText(object? v) => TypedJson.ToPlainJson(v);

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, <c>.0</c> on integral values, exponent outside 1e-4..1e16.</summary>
    public static string PythonFloatRepr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return BitConverter.DoubleToInt64Bits(d) < 0 ? "-0.0" : "0.0";
        var r = d.ToString("E16", Inv);
        // shortest round-trip digits
        var shortest = d.ToString("R", Inv);
        string digits; int exponent;
        var neg = shortest.StartsWith('-');
        var body = neg ? shortest[1..] : shortest;
        var eIdx = body.IndexOfAny(['E', 'e']);
        var mantissa = eIdx >= 0 ? body[..eIdx] : body;
        var exp10 = eIdx >= 0 ? int.Parse(body[(eIdx + 1)..], Inv) : 0;
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        exponent = intPart.Length - 1 - leadingZeros + exp10;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        _ = r;
        var sb = new StringBuilder();
        if (neg) sb.Append('-');
        if (exponent < -4 || exponent >= 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", Inv));
        }
        else if (exponent < 0)
        {
            sb.Append("0.").Append('0', -exponent - 1).Append(digits);
        }
        else if (digits.Length <= exponent + 1)
        {
            sb.Append(digits).Append('0', exponent + 1 - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, exponent + 1).Append('.').Append(digits, exponent + 1, digits.Length - exponent - 1);
        }
        return sb.ToString();
    }

    /// <summary>ISO-8601 text of an instant as Python's isoformat prints it (<c>+00:00</c>).</summary>
    public static string FormatIso(DateTimeOffset dto)
    {
        var s = dto.ToString(dto.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ss" : "yyyy-MM-ddTHH:mm:ss.ffffff", Inv);
        return s + dto.ToString("zzz", Inv);
    }

    /// <summary>Time of day as <c>HH:MM:SS[.ffffff]</c>.</summary>
    public static string FormatTime(TimeOnly t) =>
        t.Ticks % TimeSpan.TicksPerSecond == 0 ? t.ToString("HH:mm:ss", Inv) : t.ToString("HH:mm:ss.ffffff", Inv);

    /// <summary>
    /// dlt's <c>iso_timestamp</c> detection: a full ISO-8601 date and time (extended or basic form), optional fraction and offset.
    /// Date-only and time-only strings are not timestamps. Naive values are read as UTC.
    /// </summary>
    public static bool TryParseIsoTimestamp(string s, out DateTimeOffset result) => TryParseIsoTimestamp(s.AsSpan(), out result);

    /// <summary>
    /// dlt's ISO timestamp grammar, <c>YYYY-?MM-?DD[Tt ]hh:?mm(:?ss([.,]f{1,9})?)?(Z|z|±hh(:?mm)?)?</c>, parsed in place:
    /// it runs for every text value of a timestamp column, where a regex match with group substrings cost ~1 KB and more
    /// time than the rest of the row. The tests check it against that regex.
    /// </summary>
    public static bool TryParseIsoTimestamp(ReadOnlySpan<char> s, out DateTimeOffset result)
    {
        result = default;
        if (s.Length < 12 || s.Length > 40) return false;
        // the regex's `$` also matched before one final newline
        if (s[^1] == '\n') s = s[..^1];
        var p = 0;
        if (!Digits(s, ref p, 4, out var year)) return false;
        if (p < s.Length && s[p] == '-') p++;
        if (!Digits(s, ref p, 2, out var month)) return false;
        if (p < s.Length && s[p] == '-') p++;
        if (!Digits(s, ref p, 2, out var day)) return false;
        if (p >= s.Length || s[p] is not ('T' or 't' or ' ')) return false;
        p++;
        if (!Digits(s, ref p, 2, out var hour)) return false;
        if (p < s.Length && s[p] == ':') p++;
        if (!Digits(s, ref p, 2, out var minute)) return false;
        var second = 0;
        long fractionTicks = 0;
        // optional seconds (with an optional colon), then an optional fraction of 1 to 9 digits
        var q = p;
        if (q < s.Length && s[q] == ':') q++;
        if (Digits(s, ref q, 2, out var sec))
        {
            second = sec;
            p = q;
            if (p < s.Length && s[p] is '.' or ',')
            {
                var start = ++p;
                while (p < s.Length && p - start < 9 && char.IsAsciiDigit(s[p])) p++;
                if (p == start) return false;
                var digits = s[start..p];
                long f = 0;
                for (var k = 0; k < 7; k++) f = f * 10 + (k < digits.Length ? digits[k] - '0' : 0);
                fractionTicks = f;
            }
        }
        var offset = TimeSpan.Zero;
        if (p < s.Length && s[p] is 'Z' or 'z') p++;
        else if (p < s.Length && s[p] is '+' or '-')
        {
            var sign = s[p] == '-' ? -1 : 1;
            p++;
            if (!Digits(s, ref p, 2, out var tzHours)) return false;
            var tzMinutes = 0;
            if (p < s.Length)
            {
                if (s[p] == ':') p++;
                if (!Digits(s, ref p, 2, out tzMinutes)) return false;
            }
            offset = sign * new TimeSpan(tzHours, tzMinutes, 0);
        }
        if (p != s.Length || year < 1) return false;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 24 || minute > 59 || second > 59) return false;
        if (offset.Duration() > TimeSpan.FromHours(14)) return false;
        try
        {
            DateTime dt;
            if (hour == 24)
            {
                if (minute != 0 || second != 0) return false;
                dt = new DateTime(year, month, day).AddDays(1);
            }
            else dt = new DateTime(year, month, day, hour, minute, second);
            dt = dt.AddTicks(fractionTicks);
            result = new DateTimeOffset(dt, offset).ToUniversalTime();
            return true;
        }
        catch (ArgumentException)
        {
            // beyond DateTime's range (year 9999 with an offset or hour 24)
            return false;
        }
    }

    private static bool Digits(ReadOnlySpan<char> s, ref int p, int count, out int value)
    {
        value = 0;
        if (p + count > s.Length) return false;
        for (var k = 0; k < count; k++)
        {
            var c = s[p + k];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        p += count;
        return true;
    }

    /// <summary>dlt's <c>iso_date</c> detection.</summary>
    public static bool TryParseIsoDate(string s, out DateOnly result)
    {
        result = default;
        var t = s.Trim();
        string[] formats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy-MM", "yyyy", "yyyy/MM/dd"];
        return DateOnly.TryParseExact(t, formats, Inv, DateTimeStyles.None, out result);
    }

    private static long FractionTicks(string digits)
    {
        var f = digits.Length > 7 ? digits[..7] : digits.PadRight(7, '0');
        return long.Parse(f, Inv);
    }

    private static TimeSpan ParseOffset(string tz)
    {
        var sign = tz[0] == '-' ? -1 : 1;
        var body = tz[1..].Replace(":", "");
        var h = int.Parse(body[..2], Inv);
        var mins = body.Length >= 4 ? int.Parse(body[2..4], Inv) : 0;
        return sign * new TimeSpan(h, mins, 0);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDateFull();

    [GeneratedRegex(@"^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex IsoTime();
}
